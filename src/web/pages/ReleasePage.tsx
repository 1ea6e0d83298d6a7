/**
 * One release as Presswire understood it: its parts, embargo and status, its language
 * versions and image, the email a journalist receives (framed from a same-origin route,
 * sandboxed, at two widths), its text part, its public page and each social post measured;
 * a draft can be corrected and finalized here, a finalized release says who froze it, and
 * an editor can send themselves a test.
 */
import { BackLink } from '../components/BackLink.js';
import { ActionButton } from '../components/Fields.js';
import type { PostsPreview } from '../../distribution/social-plan.js';
import type { ReleaseImageMeta } from '../../releases/release-image.js';
import type { Release } from '../../releases/releases.repo.js';
import { Row, SummaryList, TextRow } from '../components/SummaryList.js';
import { StatusTag } from '../components/StatusTag.js';
import { formatInstant } from '../format.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';
import { ImageSection } from './release/ImageSection.js';
import { LanguageVersions, type LanguageVersion } from './release/LanguageVersions.js';
import { PreviewFrames } from './release/PreviewFrames.js';
import { SocialPosts } from './release/SocialPosts.js';
import { TestSend, TestSent } from './release/TestSend.js';
import { Understood } from './Understood.js';

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
  /** May send it (a sender or above); only a finalized original is sent. */
  maySend: boolean;
  /** May change it (an editor or above): correct, translate, set the image, test. */
  mayEdit: boolean;
  versions: LanguageVersion[];
  image: ReleaseImageMeta | undefined;
  socialPosts: PostsPreview[];
  /** The signed-in person's own address, where a test goes; absent when they may not send one. */
  testSendTo: string | undefined;
  /** Where the test just sent went, from its audit row, after the redirect. */
  testSent: string | undefined;
  underEmbargo: boolean;
}

export function ReleasePage(props: ReleasePageProps) {
  const { ctx, release, textPart, finalization, importWarnings, mayFinalize, maySend, mayEdit, versions, image, socialPosts, testSendTo, testSent, underEmbargo } = props;
  const { t, locale } = ctx;
  const c = release.content;
  const embargo = release.embargo;
  const email = `/releases/${release.id}/email`;
  return (
    <Base ctx={ctx} title={c.headline} section="releases">
      <BackLink href="/releases" label={t.release.back} />
      <h1 safe>{c.headline}</h1>
      {testSent ? <TestSent ctx={ctx} to={testSent} /> : ''}
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
          <p>
            <a href={`/releases/${release.id}/report`} safe>
              {t.reports.releaseReport}
            </a>
          </p>
          {maySend && release.corrects ? (
            <p>
              <ActionButton action={`/releases/${release.id}/send-correction`} csrf={ctx.csrf} label={t.authoring.correct.send} />
            </p>
          ) : (
            ''
          )}
          {maySend && !release.translationOf ? (
            <p>
              <a class="button" href={`/releases/${release.id}/send`} safe>
                {t.release.send}
              </a>
            </p>
          ) : (
            ''
          )}
          {mayEdit && !release.translationOf ? (
            <p>
              <a class="button button-secondary" href={`/releases/${release.id}/correct`} safe>
                {t.authoring.correct.action}
              </a>
            </p>
          ) : (
            ''
          )}
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

      {mayEdit && release.status === 'draft' ? (
        <p>
          <a class="button button-secondary" href={`/releases/${release.id}/edit`} safe>
            {t.authoring.edit.action}
          </a>
        </p>
      ) : (
        ''
      )}
      <h2 safe>{t.release.understood}</h2>
      <Understood ctx={ctx} content={c} />

      <LanguageVersions ctx={ctx} currentId={release.id} versions={versions} addTo={mayEdit && release.status === 'draft' ? (release.translationOf ?? release.id) : undefined} />
      <ImageSection ctx={ctx} releaseId={release.translationOf ?? release.id} image={image} mayChange={mayEdit && release.status === 'draft' && !release.translationOf} />

      <h2 safe>{t.release.preview}</h2>
      <p safe>{t.release.previewIntro}</p>
      <PreviewFrames src={email} kind="email" desktop={t.release.desktop} phone={t.release.phone} desktopWidth={640} />
      <h2 safe>{t.release.textPart}</h2>
      <pre class="text-part" safe>
        {textPart}
      </pre>

      <h2 safe>{t.authoring.publicPage.heading}</h2>
      <p safe>{t.authoring.publicPage.intro}</p>
      <PreviewFrames src={`/releases/${release.id}/public-preview`} kind="page" desktop={t.authoring.publicPage.desktop} phone={t.authoring.publicPage.phone} desktopWidth={960} />

      <SocialPosts ctx={ctx} posts={socialPosts} />

      {testSendTo ? <TestSend ctx={ctx} releaseId={release.id} address={testSendTo} embargoed={underEmbargo} /> : ''}
    </Base>
  );
}
