import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Context } from '../../context.js';
import { changeEmbargo } from '../../distribution/embargo-change.js';
import { notFound } from '../../errors.js';
import { createReleaseFromJson, editDraft, finalizeRelease, importReleaseFile, readRelease, removeImage, setImage } from '../../releases/releases.service.js';
import { actorOf } from '../auth.js';
import { previewRelease } from '../../releases/preview.js';
import { findImageMeta, ImageUpload, maxImageBytes } from '../../releases/release-image.js';
import { parseInput } from '../validate.js';
import { identityFor } from '../../organisations/identity.js';
import { listOwnReleases } from '../../releases/releases.service.js';

const Id = z.object({ id: z.string().regex(/^rel_[0-9a-z]{25}$/, 'must be a release id (rel_…)') });
const ImportBody = z.object({
  source: z.string().min(1, 'is empty').max(2_000_000),
  filename: z.string().max(300).optional(),
  translationOf: z.string().regex(/^rel_[0-9a-z]{25}$/, 'must be a release id (rel_…)').optional(),
});
const JsonBody = z.object({ content: z.record(z.string(), z.unknown()), embargo: z.unknown().optional() });
const EditBody = z.object({ content: z.record(z.string(), z.unknown()).optional(), embargo: z.unknown().optional() });
const PreviewQuery = z.object({ variant: z.enum(['public', 'embargoed']).default('public'), language: z.string().max(20).optional() });
const EmbargoBody = z.union([
  z.object({ until: z.string().min(1, 'is empty') }).strict(),
  z.object({ liftNow: z.literal(true) }).strict(),
]);

export function releasesRoutes(app: FastifyInstance, ctx: Context): void {
  app.post('/releases', async (request, reply) => {
    const body = request.body as Record<string, unknown> | undefined;
    if (body && 'content' in body) {
      const release = await createReleaseFromJson(ctx, actorOf(request), parseInput(JsonBody, body, 'body'));
      return reply.code(201).send({ id: release.id, release, warnings: [] });
    }
    const { release, warnings } = await importReleaseFile(ctx, actorOf(request), parseInput(ImportBody, body, 'body'));
    return reply.code(201).send({ id: release.id, release, warnings });
  });

  app.get('/releases', async (request) => ({
    releases: (await listOwnReleases(ctx, actorOf(request))).map((r) => ({
      id: r.id,
      status: r.status,
      headline: r.headline,
      language: r.language,
      createdAt: new Date(r.created_at).toISOString(),
      finalizedAt: r.finalized_at === null ? null : new Date(r.finalized_at).toISOString(),
      embargoUntil: r.embargo_until === null ? null : new Date(r.embargo_until).toISOString(),
    })),
  }));

  app.get('/releases/:id', async (request) => {
    const group = await readRelease(ctx, actorOf(request), parseInput(Id, request.params, 'params').id);
    const translations = [...group.byLanguage.values()].filter((r) => r.id !== group.primary.id).map((r) => ({ id: r.id, language: r.content.language, headline: r.content.headline }));
    return { ...group.primary, image: (await findImageMeta(ctx.db, group.primary.id)) ?? null, translations };
  });

  // Base64 makes the body a third larger than the image.
  app.put('/releases/:id/image', { bodyLimit: Math.ceil(maxImageBytes * 1.4) }, async (request) =>
    setImage(ctx, actorOf(request), parseInput(Id, request.params, 'params').id, parseInput(ImageUpload, request.body, 'body')),
  );

  app.delete('/releases/:id/image', async (request, reply) => {
    await removeImage(ctx, actorOf(request), parseInput(Id, request.params, 'params').id);
    return reply.code(204).send();
  });

  app.put('/releases/:id/embargo', async (request) => changeEmbargo(ctx, actorOf(request), parseInput(Id, request.params, 'params').id, parseInput(EmbargoBody, request.body, 'body')));

  app.patch('/releases/:id', async (request) =>
    editDraft(ctx, actorOf(request), parseInput(Id, request.params, 'params').id, parseInput(EditBody, request.body, 'body')),
  );

  app.post('/releases/:id/finalize', async (request) => finalizeRelease(ctx, actorOf(request), parseInput(Id, request.params, 'params').id));

  app.get('/releases/:id/preview', async (request) => {
    const { id } = parseInput(Id, request.params, 'params');
    const { variant, language } = parseInput(PreviewQuery, request.query, 'query');
    const group = await readRelease(ctx, actorOf(request), id);
    const release = language ? group.byLanguage.get(language) : group.primary;
    if (!release) throw notFound('Version of the release in', `"${language}"`);
    return previewRelease(ctx, await identityFor(ctx, group.primary.orgId), release, variant, group.primary.embargo);
  });
}
