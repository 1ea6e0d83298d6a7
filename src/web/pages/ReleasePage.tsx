/**
 * One release as Presswire understood it: its parts, embargo and status, the email a
 * journalist receives (framed from a same-origin route, sandboxed, at two widths) and its
 * text part; a draft can be finalized here, a finalized release says who froze it.
 */
import type { Release } from '../../releases/releases.repo.js';
import { Row, SummaryList, TextRow } from '../components/SummaryList.js';
import { StatusTag } from '../components/StatusTag.js';
import { formatDate, formatInstant } from '../format.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export interface Finalization {
  by: string;
  at: string;
}

export interface ReleasePageProps {
  ctx: PageContext;
  release: Release;
  textPart: string;
  /** Who finalized it, from the audit log. */
  finalization: Finalization | undefined;
  /** What the importer noticed (a date it could not read, an embargo already past…), for a draft. */
  importWarnings: string[];
  mayFinalize: boolean;
}

export function ReleasePage({ ctx, release, textPart, finalization, importWarnings, mayFinalize }: ReleasePageProps) {
  const { t, locale } = ctx;
  const c = release.content;
  const embargo = release.embargo;
  const email = `/releases/${release.id}/email`;
  return (
    <Base ctx={ctx} title={c.headline} section="releases">
      <p>
        <a href="/releases" safe>
          {t.release.back}
        </a>
      </p>
      <h1 safe>{c.headline}</h1>
      <SummaryList>
        <Row label={t.release.status}>
          <StatusTag t={t} status={release.status} />
        </Row>
        <TextRow
          label={t.release.embargo}
          text={embargo ? `${formatInstant(locale, embargo.until, embargo.zone)} (${embargo.zone}) · ${formatInstant(locale, embargo.until)}` : t.release.noEmbargo}
        />
      </SummaryList>

      {importWarnings.length > 0 ? (
        <section class="notice" aria-labelledby="import-warnings-title">
          <h2 id="import-warnings-title" safe>
            {t.release.importWarnings}
          </h2>
          <ul>
            {importWarnings.map((w) => (
              <li safe>{w}</li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}

      {release.status === 'finalized' ? (
        <section class="notice" aria-labelledby="finalized-title">
          <h2 id="finalized-title" safe>
            {finalization ? t.release.finalizedBy(finalization.by, formatInstant(locale, finalization.at)) : t.status.finalized}
          </h2>
          <p>
            <span safe>{t.release.contentHash}</span>: <code class="hash" safe>{release.contentHash ?? ''}</code>
          </p>
        </section>
      ) : mayFinalize ? (
        <form method="post" action={`/releases/${release.id}/finalize`} class="notice">
          <input type="hidden" name="_csrf" value={ctx.csrf} />
          <p safe>{t.release.finalizeIntro}</p>
          <button type="submit" class="button" safe>
            {t.release.finalize}
          </button>
        </form>
      ) : (
        ''
      )}

      <h2 safe>{t.release.understood}</h2>
      <SummaryList>
        <TextRow label={t.release.kind} text={t.kinds[c.kind]} />
        <TextRow label={t.release.language} text={c.language} />
        <TextRow label={t.release.headline} text={c.headline} />
        <TextRow label={t.release.subheadline} text={c.subheadline} />
        <TextRow label={t.release.date} text={c.releaseDate ? formatDate(locale, c.releaseDate) : undefined} />
        <TextRow label={t.release.dateline} text={c.dateline} />
        {c.quotes.length ? (
          <Row label={t.release.quotes}>
            {c.quotes.map((q) => (
              <figure class="quote">
                <blockquote safe>{q.text}</blockquote>
                <figcaption safe>{q.title ? `${q.speaker}, ${q.title}` : q.speaker}</figcaption>
              </figure>
            ))}
          </Row>
        ) : (
          ''
        )}
        {c.contacts.length ? (
          <Row label={t.release.contacts}>
            <ul class="plain">
              {c.contacts.map((p) => (
                <li safe>{[p.name, p.title, p.organization, p.email, p.phone].filter(Boolean).join(' · ')}</li>
              ))}
            </ul>
          </Row>
        ) : (
          ''
        )}
        {c.boilerplate ? (
          <Row label={t.release.boilerplate}>
            <p class="strong" safe>
              {c.boilerplate.heading}
            </p>
            <p class="prose" safe>
              {c.boilerplate.text}
            </p>
          </Row>
        ) : (
          ''
        )}
      </SummaryList>

      <h2 safe>{t.release.preview}</h2>
      <p safe>{t.release.previewIntro}</p>
      <div class="previews">
        <figure class="preview preview-desktop">
          <figcaption safe>{t.release.desktop}</figcaption>
          <div class="preview-scroll">
            <iframe src={email} sandbox="" title={t.release.desktop} width="640" height="900"></iframe>
          </div>
        </figure>
        <figure class="preview preview-phone">
          <figcaption safe>{t.release.phone}</figcaption>
          <iframe src={email} sandbox="" title={t.release.phone} width="375" height="900"></iframe>
        </figure>
      </div>
      <h2 safe>{t.release.textPart}</h2>
      <pre class="text-part" safe>
        {textPart}
      </pre>
    </Base>
  );
}
