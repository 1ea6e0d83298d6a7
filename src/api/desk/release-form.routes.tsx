/**
 * The release form's routes: correcting a draft (through `editDraft`, as the API's PATCH),
 * writing one (through `createReleaseFromJson`, as the API's JSON POST), correcting a
 * finalized one into a new version (through `correctRelease`), and the body's preview. A form the model refuses comes back with each problem on its field.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize } from '../../auth/actor.js';
import type { Context } from '../../context.js';
import { AppError } from '../../errors.js';
import { correctRelease } from '../../releases/corrections.service.js';
import { createReleaseFromJson, editDraft, readRelease } from '../../releases/releases.service.js';
import { refuseFinalized } from '../../releases/releases.repo.js';
import { parseMarkdown, renderSafeHtml } from '../../rendering/markdown.js';
import { unstyled } from '../../rendering/email-styles.js';
import { actorOf } from '../auth.js';
import type { FieldError } from '../../web/components/ErrorSummary.js';
import type { Messages } from '../../web/i18n/en.js';
import { BodyPreview } from '../../web/pages/ReleaseForm.js';
import { CorrectRelease } from '../../web/pages/CorrectRelease.js';
import { EditRelease } from '../../web/pages/EditRelease.js';
import { WriteRelease } from '../../web/pages/WriteRelease.js';
import { contentOfForm, embargoOfForm, emptyReleaseForm, formErrorsOf, formFromRelease, readReleaseForm, type ReleaseFormValues } from '../../web/release-form.js';
import { pageContext } from './desk-scope.js';
import { parseId } from './release-params.js';

/** A release body is up to 100,000 characters, encoded: more than the desk's usual form limit. */
export const releaseFormLimit = 1024 * 1024;

const bodyHtml = (body: string): string | undefined => (body.trim() ? renderSafeHtml(parseMarkdown(body), unstyled.tags) : undefined);

/** The form as sent; a body that is not this form at all is a bad request. */
function formOf(request: FastifyRequest): ReleaseFormValues & { preview: boolean; note: string } {
  const values = readReleaseForm(request.body);
  if (!values) throw new AppError('VALIDATION', 'This is not the release form');
  const fields = request.body as Record<string, string>;
  return { ...values, preview: fields.intent === 'preview', note: fields.note ?? '' };
}

/** Save, then go to the release; a refusal from the model (or of the embargo's time) comes back as the form with its errors. */
async function saving(reply: FastifyReply, t: Messages, values: ReleaseFormValues, save: () => Promise<string>, failed: (errors: FieldError[]) => JSX.Element) {
  try {
    return reply.redirect(await save(), 303);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
    return reply.code(400).html(failed(formErrorsOf(t, err, { ...contentOfForm(values), embargo: { until: values.embargoUntil, zone: values.embargoZone } })));
  }
}

export function releaseFormRoutes(desk: FastifyInstance, ctx: Context): void {
  desk.post('/releases/preview-body', { bodyLimit: releaseFormLimit }, async (request, reply) => {
    const values = formOf(request);
    return reply.html(<BodyPreview ctx={await pageContext(ctx, request, reply)} safeBodyHtml={bodyHtml(values.body)} />);
  });

  desk.get('/releases/write', async (request, reply) => {
    authorize(actorOf(request), 'edit');
    return reply.html(<WriteRelease ctx={await pageContext(ctx, request, reply)} values={emptyReleaseForm} />);
  });

  desk.post('/releases/write', { bodyLimit: releaseFormLimit }, async (request, reply) => {
    const page = await pageContext(ctx, request, reply);
    const values = formOf(request);
    if (values.preview) return reply.html(<WriteRelease ctx={page} values={values} safeBodyHtml={bodyHtml(values.body)} />);
    return saving(
      reply,
      page.t,
      values,
      async () => `/releases/${(await createReleaseFromJson(ctx, actorOf(request), { content: contentOfForm(values), embargo: embargoOfForm(values) })).id}`,
      (errors) => <WriteRelease ctx={page} values={values} errors={errors} />,
    );
  });

  desk.get('/releases/:id/edit', async (request, reply) => {
    const actor = actorOf(request);
    authorize(actor, 'edit');
    const { primary } = await readRelease(ctx, actor, parseId(request.params).id);
    if (primary.status !== 'draft') throw refuseFinalized(primary);
    const values = formFromRelease(primary.content, primary.embargo);
    return reply.html(<EditRelease ctx={await pageContext(ctx, request, reply)} release={primary} values={values} safeBodyHtml={bodyHtml(values.body)} />);
  });

  desk.post('/releases/:id/edit', { bodyLimit: releaseFormLimit }, async (request, reply) => {
    const actor = actorOf(request);
    const page = await pageContext(ctx, request, reply);
    const { primary } = await readRelease(ctx, actor, parseId(request.params).id);
    const values = formOf(request);
    if (values.preview) return reply.html(<EditRelease ctx={page} release={primary} values={values} safeBodyHtml={bodyHtml(values.body)} />);
    const before = formFromRelease(primary.content, primary.embargo);
    // The embargo goes in the patch only when its fields changed: a field shows minutes, and the stored instant may carry seconds.
    const embargoChanged = !primary.translationOf && (values.embargoUntil !== before.embargoUntil || values.embargoZone !== before.embargoZone);
    return saving(
      reply,
      page.t,
      values,
      async () => {
        await editDraft(ctx, actor, primary.id, { content: contentOfForm(values), ...(embargoChanged ? { embargo: embargoOfForm(values) } : {}) });
        return `/releases/${primary.id}`;
      },
      (errors) => <EditRelease ctx={page} release={primary} values={values} errors={errors} />,
    );
  });

  desk.get('/releases/:id/correct', async (request, reply) => {
    const actor = actorOf(request);
    authorize(actor, 'edit');
    const { primary } = await readRelease(ctx, actor, parseId(request.params).id);
    const values = formFromRelease(primary.content, undefined);
    return reply.html(<CorrectRelease ctx={await pageContext(ctx, request, reply)} release={primary} values={values} note="" safeBodyHtml={bodyHtml(values.body)} />);
  });

  desk.post('/releases/:id/correct', { bodyLimit: releaseFormLimit }, async (request, reply) => {
    const actor = actorOf(request);
    const page = await pageContext(ctx, request, reply);
    const { primary } = await readRelease(ctx, actor, parseId(request.params).id);
    const values = formOf(request);
    const form = (errors: FieldError[] = [], safeBodyHtml?: string) => <CorrectRelease ctx={page} release={primary} values={values} note={values.note} errors={errors} safeBodyHtml={safeBodyHtml} />;
    if (values.preview) return reply.html(form([], bodyHtml(values.body)));
    return saving(reply, page.t, values, async () => `/releases/${(await correctRelease(ctx, actor, primary.id, { content: contentOfForm(values), note: values.note })).id}`, form);
  });
}
