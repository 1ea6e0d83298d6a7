/** Each network's post for a release, measured the way that network counts; one too long says so in words, not only in colour. */
import type { PostsPreview } from '../../../distribution/social-plan.js';
import type { PageContext } from '../../page-context.js';
import { Section } from './Section.js';

export function SocialPosts({ ctx, posts }: { ctx: PageContext; posts: PostsPreview[] }) {
  const w = ctx.t.authoring.social;
  return (
    <Section id="social" title={w.heading}>
      <p safe>{w.intro}</p>
      <div class="social-posts">
        {posts.map((p) => (
          <section class={p.tooLong ? 'social-post social-post-over' : 'social-post'} aria-labelledby={`social-${p.network}`}>
            <h3 id={`social-${p.network}`} safe>
              {p.network}
            </h3>
            {p.items.length > 1 ? <p safe>{w.thread(p.items.length)}</p> : ''}
            {p.items.map((item) => (
              <div class="social-item">
                <p class="social-text" safe>
                  {item.text}
                </p>
                <p class={item.length > p.maxLength ? 'social-count social-count-over' : 'social-count'} safe>
                  {w.count(item.length, p.maxLength, w.units[p.unit] ?? p.unit)}
                </p>
              </div>
            ))}
            {p.tooLong ? (
              <p class="field-error" safe>
                {w.over(p.network, (p.items[0]?.length ?? 0) - p.maxLength)}
              </p>
            ) : (
              ''
            )}
          </section>
        ))}
      </div>
    </Section>
  );
}
