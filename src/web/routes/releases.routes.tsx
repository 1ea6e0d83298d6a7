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
import { previewRelease } from '../../releases/preview.js';
import { finalizeRelease, importReleaseFile, listOwnReleases, readRelease } from '../../releases/releases.service.js';
import { actorOf } from '../../api/auth.js';
import type { FieldError } from '../components/ErrorSummary.js';
import type { Messages } from '../i18n/en.js';
import { NewRelease } from '../pages/NewRelease.js';
import { ReleasePage } from '../pages/ReleasePage.js';
import { ReleasesList } from '../pages/ReleasesList.js';
import { emailFrameCsp, pageContext, type Upload } from './desk-scope.js';

const ReleaseParams = z.object({ id: z.string().regex(/^rel_[0-9a-z]{25}$/) });

/** The new-release form as multipart sends it: an empty file input still arrives, with no name and no bytes. */
const NewReleaseForm = z.object({
  text: z.string().optional(),
  file: z.custom<Upload>((v) => typeof v === 'object' && v !== null && 'filename' in v && Buffer.isBuffer((v as Upload).content)).optional(),
});

const readableFile = /\.(md|markdown|txt)$/i;

/** The release source the form holds, or what is wrong with it (by field id). */
function sourceOf(t: Messages, form: z.infer<typeof NewReleaseForm>): { source: string; filename?: string } | FieldError {
  const text = form.text?.trim() ? form.text : undefined;
  const file = form.file && (form.file.filename || form.file.content.length) ? form.file : undefined;
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

export function deskReleasesRoutes(desk: FastifyInstance, ctx: Context): void {
  desk.get('/', async (_request, reply) => reply.redirect('/releases', 303));

  desk.get('/releases', async (request, reply) => {
    const rows = await listOwnReleases(ctx, actorOf(request));
    const releases = rows.map((r) => ({ id: r.id, status: r.status, headline: r.headline, language: r.language, createdAt: r.created_at, embargoUntil: r.embargo_until }));
    return reply.html(<ReleasesList ctx={await pageContext(ctx, request, reply)} releases={releases} />);
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

  desk.get('/releases/:id', async (request, reply) => {
    const actor = actorOf(request);
    const { id } = parseId(request.params);
    const { primary } = await readRelease(ctx, actor, id);
    const [preview, finalization, imported] = await Promise.all([
      previewRelease(ctx, await identityFor(ctx, actor.orgId), primary, 'public'),
      primary.status === 'finalized' ? lastDoneTo(ctx.db, actor, { type: 'release', id }, 'release.finalize') : undefined,
      primary.status === 'draft' ? lastDoneTo(ctx.db, actor, { type: 'release', id }, 'release.import') : undefined,
    ]);
    const importWarnings = z.array(z.string()).catch([]).parse(imported?.detail?.warnings);
    const mayFinalize = roleAllows(actor.role, 'edit') && !primary.translationOf;
    return reply.html(
      <ReleasePage ctx={await pageContext(ctx, request, reply)} release={primary} textPart={preview.text} finalization={finalization} importWarnings={importWarnings} mayFinalize={mayFinalize} />,
    );
  });

  // The email as sent, for the preview frames: sandboxed, framed only by this origin's pages.
  desk.get('/releases/:id/email', async (request, reply) => {
    const actor = actorOf(request);
    const { primary } = await readRelease(ctx, actor, parseId(request.params).id);
    const preview = await previewRelease(ctx, await identityFor(ctx, actor.orgId), primary, 'public');
    reply.header('content-security-policy', emailFrameCsp);
    return reply.type('text/html; charset=utf-8').send(preview.html);
  });

  desk.post('/releases/:id/finalize', async (request, reply) => {
    const { id } = parseId(request.params);
    await finalizeRelease(ctx, actorOf(request), id);
    return reply.redirect(`/releases/${id}`, 303);
  });
}

/** A malformed id names no release: answered as not found, like another organisation's. */
function parseId(params: unknown): { id: string } {
  const result = ReleaseParams.safeParse(params);
  if (!result.success) throw new AppError('NOT_FOUND', 'No such release');
  return result.data;
}
