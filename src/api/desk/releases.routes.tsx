/**
 * The desk's release pages. Each acts as the signed-in person through the same use cases
 * as the API, which authorize them: a viewer reads, an editor imports and finalizes, and
 * another organisation's release is not found.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { lastDoneTo } from '../../auth/audit.js';
import { roleAllows } from '../../auth/roles.js';
import type { Context } from '../../context.js';
import { AppError } from '../../errors.js';
import { identityFor } from '../../organisations/identity.js';
import type { Mailer } from '../../channels/email/single-message.js';
import { previewPosts, socialSourceOf } from '../../distribution/social-plan.js';
import { previewRelease } from '../../releases/preview.js';
import { findImageMeta } from '../../releases/release-image.js';
import { finalizeRelease, importReleaseFile, listOwnReleases, readRelease } from '../../releases/releases.service.js';
import { sendTestToSelf } from '../../distribution/test-send.js';
import { actorOf } from '../auth.js';
import type { FieldError } from '../../web/components/ErrorSummary.js';
import type { Messages } from '../../web/i18n/en.js';
import { NewRelease } from '../../web/pages/NewRelease.js';
import { ReleasePage } from '../../web/pages/ReleasePage.js';
import { ReleasesList } from '../../web/pages/ReleasesList.js';
import { ReleaseReportPage } from '../../web/pages/ReleaseReportPage.js';
import { readReleaseReport } from '../../tracking/release-report.js';
import { recentComplaints } from '../../tracking/recent-complaints.js';
import { chosenFile, emailFrameCsp, pageContext, UploadField } from './desk-scope.js';
import { renderReleasePage } from '../../web/release-page.js';
import { releaseFormRoutes } from './release-form.routes.js';
import { releaseMediaRoutes } from './release-media.routes.js';
import { parseId } from './release-params.js';

/** The new-release form as multipart sends it: an empty file input still arrives, with no name and no bytes. */
const NewReleaseForm = z.object({
  text: z.string().optional(),
  file: UploadField.optional(),
});

const ListQuery = z.object({ q: z.string().trim().max(300).catch('').default('') });
const PageQuery = z.object({ tested: z.literal('1').optional().catch(undefined) });

const readableFile = /\.(md|markdown|txt)$/i;

/** The release source the form holds, or what is wrong with it (by field id). */
function sourceOf(t: Messages, form: z.infer<typeof NewReleaseForm>): { source: string; filename?: string } | FieldError {
  const text = form.text?.trim() ? form.text : undefined;
  const file = chosenFile(form.file);
  if (text && file) return { field: 'text', message: t.create.both };
  if (text) return { source: text };
  if (!file) return { field: 'text', message: t.create.nothing };
  if (!readableFile.test(file.filename)) return { field: 'file', message: t.create.fileType };
  try {
    return { source: new TextDecoder('utf-8', { fatal: true }).decode(file.content), filename: file.filename };
  } catch {
    return { field: 'file', message: t.create.fileText };
  }
}

/** The importer's problems, each pinned to the form field the release came from. */
function importErrors(t: Messages, err: AppError, field: string): FieldError[] {
  const details = err.issues.length ? err.issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)) : [err.message];
  return details.map((detail) => ({ field, message: `${t.create.unreadable}: ${detail}` }));
}

export function deskReleasesRoutes(desk: FastifyInstance, ctx: Context, mailer: Mailer): void {
  desk.get('/', async (_request, reply) => reply.redirect('/releases', 303));

  desk.get('/releases', async (request, reply) => {
    const { q } = ListQuery.parse(request.query ?? {});
    const actor = actorOf(request);
    const rows = await listOwnReleases(ctx, actor, { headline: q || undefined });
    // Admins hear of complaints here as well as by mail (tracking/recent-complaints.ts).
    const complaints = roleAllows(actor.role, 'admin') ? await recentComplaints(ctx, actor) : 0;
    const releases = rows.map((r) => ({
      id: r.id,
      status: r.status,
      headline: r.headline,
      language: r.language,
      createdAt: r.created_at,
      embargoUntil: r.embargo_until,
      lastSentAt: r.last_sent_at,
      lastSentBy: r.last_sent_by,
    }));
    return reply.html(<ReleasesList ctx={await pageContext(ctx, request, reply)} releases={releases} query={q} complaints={complaints} />);
  });

  desk.get('/releases/new', async (request, reply) => reply.html(<NewRelease ctx={await pageContext(ctx, request, reply)} />));

  desk.post('/releases/new', async (request, reply) => {
    const page = await pageContext(ctx, request, reply);
    const form = NewReleaseForm.safeParse(request.body ?? {});
    const source = form.success ? sourceOf(page.t, form.data) : { field: 'text', message: page.t.create.nothing };
    const text = form.success ? form.data.text : undefined;
    if ('field' in source) return reply.code(400).html(<NewRelease ctx={page} text={text} errors={[source]} />);
    try {
      const { release } = await importReleaseFile(ctx, actorOf(request), source);
      return reply.redirect(`/releases/${release.id}`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
      return reply.code(400).html(<NewRelease ctx={page} text={text} errors={importErrors(page.t, err, source.filename ? 'file' : 'text')} />);
    }
  });

  desk.get('/releases/:id/report', async (request, reply) => {
    const report = await readReleaseReport(ctx, actorOf(request), parseId(request.params).id);
    return reply.html(<ReleaseReportPage ctx={await pageContext(ctx, request, reply)} report={report} />);
  });

  desk.get('/releases/:id', async (request, reply) => {
    const actor = actorOf(request);
    const { id } = parseId(request.params);
    const { tested } = PageQuery.parse(request.query ?? {});
    const group = await readRelease(ctx, actor, id);
    const { primary } = group;
    const original = primary.translationOf ? await readRelease(ctx, actor, primary.translationOf) : group;
    const embargo = original.primary.embargo;
    const [preview, finalization, imported, image, social, testSent] = await Promise.all([
      previewRelease(ctx, await identityFor(ctx, actor.orgId), primary, 'public', embargo),
      primary.status === 'finalized' ? lastDoneTo(ctx.db, actor, { type: 'release', id }, 'release.finalize') : undefined,
      primary.status === 'draft' ? lastDoneTo(ctx.db, actor, { type: 'release', id }, 'release.import') : undefined,
      findImageMeta(ctx.db, original.primary.id),
      socialSourceOf(ctx.db, ctx.config.publicUrl, primary),
      tested ? lastDoneTo(ctx.db, actor, { type: 'release', id }, 'release.test_send') : undefined,
    ]);
    const importWarnings = z.array(z.string()).catch([]).parse(imported?.detail?.warnings);
    const mayEdit = roleAllows(actor.role, 'edit');
    const versions = [...original.byLanguage.values()].map((r) => ({ id: r.id, language: r.content.language, headline: r.content.headline, original: !r.translationOf }));
    return reply.html(
      <ReleasePage
        ctx={await pageContext(ctx, request, reply)}
        release={primary}
        textPart={preview.text}
        finalization={finalization}
        importWarnings={importWarnings}
        mayFinalize={mayEdit && !primary.translationOf}
        maySend={roleAllows(actor.role, 'send')}
        mayEdit={mayEdit}
        versions={versions}
        image={image}
        socialPosts={previewPosts(social)}
        testSendTo={mayEdit && actor.person.type === 'user' ? actor.person.label : undefined}
        testSent={testSent?.by === actor.person.label ? z.string().optional().catch(undefined).parse(testSent.detail?.to) : undefined}
        underEmbargo={embargo !== undefined && Date.parse(embargo.until) > ctx.clock.now()}
      />,
    );
  });

  // The email as sent and the public page, for the preview frames: sandboxed, framed only by this origin's pages.
  desk.get('/releases/:id/email', async (request, reply) => {
    const actor = actorOf(request);
    const { primary } = await readRelease(ctx, actor, parseId(request.params).id);
    const preview = await previewRelease(ctx, await identityFor(ctx, actor.orgId), primary, 'public');
    return reply.header('content-security-policy', emailFrameCsp).type('text/html; charset=utf-8').send(preview.html);
  });

  // What /r/:id will show once the embargo lifts, for a draft too (the public route shows only what is finalized).
  desk.get('/releases/:id/public-preview', async (request, reply) => {
    const actor = actorOf(request);
    const { primary } = await readRelease(ctx, actor, parseId(request.params).id);
    const { organization } = await identityFor(ctx, actor.orgId);
    return reply.header('content-security-policy', emailFrameCsp).type('text/html; charset=utf-8').send(renderReleasePage(primary.content, { organization, underEmbargo: false }));
  });

  desk.post('/releases/:id/test-send', async (request, reply) => {
    const { id } = parseId(request.params);
    await sendTestToSelf({ ...ctx, mailer }, actorOf(request), id);
    return reply.redirect(`/releases/${id}?tested=1`, 303);
  });

  desk.post('/releases/:id/finalize', async (request, reply) => {
    const { id } = parseId(request.params);
    await finalizeRelease(ctx, actorOf(request), id);
    return reply.redirect(`/releases/${id}`, 303);
  });

  releaseFormRoutes(desk, ctx);
  releaseMediaRoutes(desk, ctx);
}
