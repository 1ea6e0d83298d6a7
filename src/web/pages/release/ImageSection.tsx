/** The release's image with its alt text, and the ways to set or remove it while it is a draft. */
import type { ReleaseImageMeta } from '../../../releases/release-image.js';
import { ActionButton } from '../../components/Fields.js';
import type { PageContext } from '../../page-context.js';
import { Section } from './Section.js';

export function ImageSection({ ctx, releaseId, image, mayChange }: { ctx: PageContext; releaseId: string; image: ReleaseImageMeta | undefined; mayChange: boolean }) {
  const w = ctx.t.authoring.image;
  return (
    <Section id="image" title={w.heading}>
      {image ? (
        <figure class="release-image">
          <img src={`/releases/${releaseId}/image/file`} alt={image.alt} />
          <figcaption>
            <span safe>{`${w.alt}: ${image.alt}`}</span>
          </figcaption>
        </figure>
      ) : (
        <p safe>{w.none}</p>
      )}
      {mayChange ? (
        <p>
          <a class="button button-secondary" href={`/releases/${releaseId}/image`} safe>
            {image ? w.replace : w.add}
          </a>
          {image ? <ActionButton action={`/releases/${releaseId}/image/remove`} csrf={ctx.csrf} label={w.remove} kind="warning" /> : ''}
        </p>
      ) : (
        ''
      )}
    </Section>
  );
}
