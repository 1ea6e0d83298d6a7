/**
 * A draft's translations and image, through the same use cases as the API: a translation
 * is imported like any release, with the language the person names; the image is set with
 * its alt text, which is required.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authorize } from '../../auth/actor.js';
import type { Context } from '../../context.js';
import { AppError } from '../../errors.js';
import { importReleaseFile, readImage, readRelease, removeImage, setImage } from '../../releases/releases.service.js';
import { actorOf } from '../auth.js';
import type { FieldError } from '../../web/components/ErrorSummary.js';
import { AddTranslation } from '../../web/pages/AddTranslation.js';
import { ReleaseImagePage } from '../../web/pages/ReleaseImagePage.js';
import { chosenFile, pageContext, UploadField } from './desk-scope.js';
import { releaseFormLimit } from './release-form.routes.js';
import { parseId } from './release-params.js';

const TranslationForm = z.object({ language: z.string().trim().default(''), text: z.string().default('') });

const ImageForm = z.object({
  alt: z.string().trim().default(''),
  file: UploadField.optional(),
});

export function releaseMediaRoutes(desk: FastifyInstance, ctx: Context): void {
  desk.get('/releases/:id/translations/new', async (request, reply) => {
    const actor = actorOf(request);
    authorize(actor, 'edit');
    const { primary } = await readRelease(ctx, actor, parseId(request.params).id);
    return reply.html(<AddTranslation ctx={await pageContext(ctx, request, reply)} release={primary} />);
  });

  desk.post('/releases/:id/translations/new', { bodyLimit: releaseFormLimit }, async (request, reply) => {
    const actor = actorOf(request);
    const page = await pageContext(ctx, request, reply);
    const { primary } = await readRelease(ctx, actor, parseId(request.params).id);
    const form = TranslationForm.parse(request.body ?? {});
    const w = page.t.authoring.translations;
    const missing: FieldError[] = [
      ...(form.language ? [] : [{ field: 'language', message: page.t.authoring.required(w.language) }]),
      ...(form.text.trim() ? [] : [{ field: 'text', message: page.t.authoring.required(w.text) }]),
    ];
    if (missing.length) return reply.code(400).html(<AddTranslation ctx={page} release={primary} values={form} errors={missing} />);
    try {
      const { release } = await importReleaseFile(ctx, actor, { source: form.text, translationOf: primary.id, language: form.language });
      return reply.redirect(`/releases/${release.id}`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'VALIDATION' && err.code !== 'CONFLICT')) throw err;
      const issues = err.issues.length ? err.issues : [{ field: 'text', message: err.message }];
      const errors = issues.map((i) => ({
        field: i.field === 'language' || i.field === 'content.language' ? 'language' : 'text',
        message: i.field === 'language' || i.field === 'content.language' ? `${w.language}: ${i.message}` : `${page.t.create.unreadable}: ${i.field ? `${i.field}: ` : ''}${i.message}`,
      }));
      return reply.code(400).html(<AddTranslation ctx={page} release={primary} values={form} errors={errors} />);
    }
  });

  desk.get('/releases/:id/image', async (request, reply) => {
    const actor = actorOf(request);
    authorize(actor, 'edit');
    const { primary } = await readRelease(ctx, actor, parseId(request.params).id);
    return reply.html(<ReleaseImagePage ctx={await pageContext(ctx, request, reply)} release={primary} />);
  });

  desk.post('/releases/:id/image', async (request, reply) => {
    const actor = actorOf(request);
    const page = await pageContext(ctx, request, reply);
    const { primary } = await readRelease(ctx, actor, parseId(request.params).id);
    const form = ImageForm.parse(request.body ?? {});
    const w = page.t.authoring.image;
    const file = chosenFile(form.file);
    const missing: FieldError[] = [...(file ? [] : [{ field: 'file', message: w.fileMissing }]), ...(form.alt ? [] : [{ field: 'alt', message: w.altMissing }])];
    if (!file || missing.length) return reply.code(400).html(<ReleaseImagePage ctx={page} release={primary} alt={form.alt} errors={missing} />);
    try {
      await setImage(ctx, actor, primary.id, { data: file.content.toString('base64'), alt: form.alt });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
      const errors = (err.issues.length ? err.issues : [{ message: err.message }]).map((i) => ({ field: 'file', message: `${w.file}: ${i.message}` }));
      return reply.code(400).html(<ReleaseImagePage ctx={page} release={primary} alt={form.alt} errors={errors} />);
    }
    return reply.redirect(`/releases/${primary.id}`, 303);
  });

  desk.post('/releases/:id/image/remove', async (request, reply) => {
    const { id } = parseId(request.params);
    await removeImage(ctx, actorOf(request), id);
    return reply.redirect(`/releases/${id}`, 303);
  });

  desk.get('/releases/:id/image/file', async (request, reply) => {
    const image = await readImage(ctx, actorOf(request), parseId(request.params).id);
    if (!image) throw new AppError('NOT_FOUND', 'This release has no image');
    return reply.type(image.mimeType).send(image.data);
  });
}
