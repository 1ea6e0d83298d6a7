/**
 * Releases on the web. `/r/<release>` is the public page: it does not exist (404, not 403,
 * which would confirm it does) until the embargo lifts, by the database clock.
 * `/e/<code>` is an early recipient's own link: it shows the embargoed release and records
 * every visit for leak tracing.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Context } from '../../context.js';
import { databaseNow } from '../../db/dialect.js';
import { identityFor } from '../../organisations/identity.js';
import { loadDistribution } from '../../distribution/distributions.repo.js';
import { loadImage } from '../../releases/release-image.js';
import { findPublishedRelease, getReleaseGroup, type Release } from '../../releases/releases.repo.js';
import { renderReleasePage } from '../../web/release-page.js';
import { openReferenceLink } from '../../tracking/trace.js';
import { publicCard } from '../../newsroom/release-card.js';
import { publicVersion } from '../../releases/corrections.service.js';

function notFoundPage(reply: FastifyReply): FastifyReply {
  return reply.code(404).type('text/html; charset=utf-8').header('cache-control', 'no-store').send('<!doctype html><title>Not found</title><p>Not found.</p>');
}

/**
 * A public page may be cached; a recipient's own page never is, before or after the lift:
 * every visit must reach us, since each one is leak-tracing evidence.
 */
function sendPage(reply: FastifyReply, html: string, page: 'public' | 'personal'): FastifyReply {
  reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https:; base-uri 'none'; frame-ancestors 'none'");
  reply.header('cache-control', page === 'public' ? 'public, max-age=300' : 'private, no-store');
  if (page === 'personal') reply.header('x-robots-tag', 'noindex, nofollow');
  return reply.type('text/html; charset=utf-8').send(html);
}

export function pagesRoutes(app: FastifyInstance, ctx: Context): void {
  const embargoState = async (primary: Release) => {
    const until = primary.embargo ? Date.parse(primary.embargo.until) : 0;
    return { embargo: primary.embargo, underEmbargo: until > (await databaseNow(ctx.db)) };
  };

  /** A finalized release whose embargo (its original's) has lifted, with that original; else nothing. */
  const liftedRelease = async (id: string) => {
    const release = /^rel_[0-9a-z]{25}$/.test(id) ? await findPublishedRelease(ctx.db, id) : undefined;
    if (!release) return undefined;
    const { primary } = await getReleaseGroup(ctx.db, release.orgId, release.translationOf ?? release.id);
    const { embargo, underEmbargo } = await embargoState(primary);
    return underEmbargo ? undefined : { release, primary, embargo };
  };

  app.get<{ Params: { id: string } }>('/r/:id', async (request, reply) => {
    const lifted = await liftedRelease(request.params.id);
    if (!lifted) return notFoundPage(reply);
    const { release, primary, embargo } = lifted;
    const [{ organization }, card, current] = await Promise.all([identityFor(ctx, release.orgId), publicCard(ctx, release, primary), publicVersion(ctx.db, release, primary)]);
    return sendPage(reply, renderReleasePage(current.release.content, { organization, embargo, underEmbargo: false, card, corrections: current.corrections }), 'public');
  });

  // The image of a public page, for its card tags: public exactly when the page is.
  app.get<{ Params: { id: string } }>('/r/:id/image', async (request, reply) => {
    const lifted = await liftedRelease(request.params.id);
    const image = lifted && (await loadImage(ctx.db, lifted.primary.id));
    if (!image) return notFoundPage(reply);
    return reply.header('cache-control', 'public, max-age=300').type(image.mimeType).send(image.data);
  });

  app.get<{ Params: { code: string } }>('/e/:code', async (request, reply) => {
    const visit = await openReferenceLink(ctx.db, request.params.code, { ip: request.ip, userAgent: request.headers['user-agent'], at: ctx.clock.now() });
    if (!visit) return notFoundPage(reply);
    const [distribution, delivery] = await Promise.all([
      loadDistribution(ctx.db, visit.distributionId),
      ctx.db.kysely.selectFrom('deliveries').select(['language', 'reference_code']).where('id', '=', visit.deliveryId).executeTakeFirstOrThrow(),
    ]);
    const group = await getReleaseGroup(ctx.db, distribution.org_id, distribution.release_id);
    const release = group.byLanguage.get(delivery.language) ?? group.primary;
    const { embargo, underEmbargo } = await embargoState(group.primary);
    const { organization } = await identityFor(ctx, distribution.org_id);
    const html = renderReleasePage(release.content, { organization, embargo, underEmbargo, referenceCode: delivery.reference_code ?? undefined });
    return sendPage(reply, html, 'personal');
  });
}
