/** A release's versions by language, each a link to its page; a draft original can be given another. */
import type { PageContext } from '../../page-context.js';
import { Section } from './Section.js';

export interface LanguageVersion {
  id: string;
  language: string;
  headline: string;
  original: boolean;
}

export function LanguageVersions({ ctx, currentId, versions, addTo }: { ctx: PageContext; currentId: string; versions: LanguageVersion[]; addTo: string | undefined }) {
  const w = ctx.t.authoring.translations;
  return (
    <Section id="versions" title={w.heading}>
      <ul class="plain">
        {versions.map((v) => (
          <li>
            <strong safe>{v.language}</strong>
            {' · '}
            {v.id === currentId ? (
              <span>
                <span safe>{v.headline}</span> <span class="muted" safe>{`(${w.current})`}</span>
              </span>
            ) : (
              <a href={`/releases/${v.id}`} lang={v.language} safe>
                {v.headline}
              </a>
            )}
            {v.original ? <span class="muted" safe>{` · ${w.original}`}</span> : ''}
          </li>
        ))}
      </ul>
      {addTo ? (
        <p>
          <a class="button button-secondary" href={`/releases/${addTo}/translations/new`} safe>
            {w.add}
          </a>
        </p>
      ) : (
        ''
      )}
    </Section>
  );
}
