import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { CorrectReleaseBody, ImportReleaseBody, JsonReleaseBody, releases } from '../../contract/releases.js';
import { correctRelease } from '../../releases/corrections.service.js';
import { changeEmbargo } from '../../distribution/embargo-change.js';
import { notFound } from '../../errors.js';
import { createReleaseFromJson, editDraft, finalizeRelease, importReleaseFile, readRelease, removeImage, setImage } from '../../releases/releases.service.js';
import { actorOf } from '../auth.js';
import { previewRelease } from '../../releases/preview.js';
import { findImageMeta, maxImageBytes } from '../../releases/release-image.js';
import { route } from '../route.js';
import { parseInput } from '../validate.js';
import { identityFor } from '../../organisations/identity.js';
import { listOwnReleases } from '../../releases/releases.service.js';

export function releasesRoutes(app: FastifyInstance, ctx: Context): void {
  route(app, releases.create, async (request, reply) => {
    const body = request.body as Record<string, unknown> | undefined;
    if (body && 'content' in body) {
      const release = await createReleaseFromJson(ctx, actorOf(request), parseInput(JsonReleaseBody, body, 'body'));
      return reply.code(201).send({ id: release.id, release, warnings: [] });
    }
    const { release, warnings } = await importReleaseFile(ctx, actorOf(request), parseInput(ImportReleaseBody, body, 'body'));
    return reply.code(201).send({ id: release.id, release, warnings });
  });

  route(app, releases.list, async (request) => ({
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

  route(app, releases.read, async (request) => {
    const group = await readRelease(ctx, actorOf(request), parseInput(releases.read.params, request.params, 'params').id);
    const translations = [...group.byLanguage.values()].filter((r) => r.id !== group.primary.id).map((r) => ({ id: r.id, language: r.content.language, headline: r.content.headline }));
    return { ...group.primary, image: (await findImageMeta(ctx.db, group.primary.id)) ?? null, translations };
  });

  // Base64 makes the body a third larger than the image.
  route(
    app,
    releases.setImage,
    async (request) => setImage(ctx, actorOf(request), parseInput(releases.setImage.params, request.params, 'params').id, parseInput(releases.setImage.body, request.body, 'body')),
    { bodyLimit: Math.ceil(maxImageBytes * 1.4) },
  );

  route(app, releases.removeImage, async (request, reply) => {
    await removeImage(ctx, actorOf(request), parseInput(releases.removeImage.params, request.params, 'params').id);
    return reply.code(204).send();
  });

  route(app, releases.changeEmbargo, async (request) =>
    changeEmbargo(ctx, actorOf(request), parseInput(releases.changeEmbargo.params, request.params, 'params').id, parseInput(releases.changeEmbargo.body, request.body, 'body')),
  );

  route(app, releases.edit, async (request) =>
    editDraft(ctx, actorOf(request), parseInput(releases.edit.params, request.params, 'params').id, parseInput(releases.edit.body, request.body, 'body')),
  );

  route(app, releases.finalize, async (request) => finalizeRelease(ctx, actorOf(request), parseInput(releases.finalize.params, request.params, 'params').id));

  route(app, releases.correct, async (request, reply) => {
    const { id } = parseInput(releases.correct.params, request.params, 'params');
    return reply.code(201).send(await correctRelease(ctx, actorOf(request), id, parseInput(CorrectReleaseBody, request.body, 'body')));
  });

  route(app, releases.preview, async (request) => {
    const { id } = parseInput(releases.preview.params, request.params, 'params');
    const { variant, language } = parseInput(releases.preview.querystring, request.query, 'query');
    const actor = actorOf(request);
    const group = await readRelease(ctx, actor, id);
    const release = language ? group.byLanguage.get(language) : group.primary;
    if (!release) throw notFound('Version of the release in', `"${language}"`);
    const original = group.primary.corrects ? await readRelease(ctx, actor, group.primary.corrects) : undefined;
    const before = original && (original.byLanguage.get(release.content.language) ?? original.primary);
    return previewRelease(ctx, await identityFor(ctx, group.primary.orgId), release, variant, group.primary.embargo, before);
  });
}
