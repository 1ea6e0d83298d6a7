/**
 * The newsrooms: `/newsroom` (the install's first organisation), `/newsroom/<slug>`, and `/`
 * on an organisation's own host (rewritten to `/newsroom-host/…` on arrival, see host-check.ts).
 * Each serves its index, RSS, Atom, JSON Feed, sitemap and themed stylesheet, all decided at
 * one database instant and cached no longer than until the organisation's next embargo lift.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Context } from '../../context.js';
import { newsroomCacheControl, entityTag, matchesTag, refusedCacheControl } from '../../newsroom/caching.js';
import { feedFiles, renderFeed, type FeedFormat } from '../../newsroom/feeds.js';
import { newsroomNow, nextLift, releasedPage, releasedPages } from '../../newsroom/released.js';
import { findNewsroom, type NewsroomRef, type NewsroomSite } from '../../newsroom/site.js';
import { renderSitemap } from '../../newsroom/sitemap.js';
import { emailLook } from '../../rendering/compose.js';
import { formatDate } from '../../rendering/dates.js';
import { releaseParts } from '../../rendering/release-parts.js';
import { publicPage } from '../../releases/public-page.js';
import { messagesFor } from '../../web/i18n/index.js';
import { newsroomStylesheet } from '../../web/newsroom-style.js';
import { NewsroomIndex, type NewsroomEntry } from '../../web/pages/NewsroomIndex.js';
import { hostnameOf } from '../host-check.js';

const pageSize = 20;
const feedSize = 50;
const sitemapSize = 50_000;
const indexCsp = "default-src 'none'; style-src 'self'; img-src 'self' https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) });

type Answer = { body: string; type: string; csp?: string } | undefined;

function refuse(reply: FastifyReply): FastifyReply {
  return reply.code(404).header('cache-control', refusedCacheControl).type('text/html; charset=utf-8').send('<!doctype html><title>Not found</title><p>Not found.</p>');
}

export function newsroomRoutes(app: FastifyInstance, ctx: Context): void {
  const prefixes: [string, (request: FastifyRequest) => NewsroomRef][] = [
    ['/newsroom', () => ({ kind: 'first' })],
    ['/newsroom/:slug', (request) => ({ kind: 'slug', slug: (request.params as { slug: string }).slug })],
    ['/newsroom-host', (request) => ({ kind: 'host', host: hostnameOf(request.headers.host ?? '') })],
  ];
  const serve = (path: string, ref: (request: FastifyRequest) => NewsroomRef, answer: (site: NewsroomSite, now: number, request: FastifyRequest) => Promise<Answer>) =>
    app.get(path, async (request, reply) => {
      const now = await newsroomNow(ctx.db);
      const site = await findNewsroom(ctx, ref(request), now);
      const result = site && (await answer(site, now, request));
      if (!site || !result) return refuse(reply);
      const tag = entityTag(result.body);
      reply.header('cache-control', newsroomCacheControl(now, await nextLift(ctx.db, site.orgId, now))).header('etag', tag).header('vary', 'accept-encoding');
      if (result.csp) reply.header('content-security-policy', result.csp);
      if (matchesTag(request.headers['if-none-match'], tag)) return reply.code(304).send();
      return reply.type(result.type).send(result.body);
    });

  for (const [prefix, ref] of prefixes) {
    for (const path of [prefix, `${prefix}/`]) serve(path, ref, (site, now, request) => indexPage(ctx, site, now, request.query));
    for (const format of Object.keys(feedFiles) as FeedFormat[]) {
      serve(`${prefix}/${feedFiles[format].file}`, ref, async (site, now) => {
        const { items } = await releasedPage(ctx.db, site.orgId, now, { limit: feedSize, offset: 0 });
        const w = messagesFor(site.language).newsroom;
        const body = renderFeed(format, site, ctx.config.publicUrl, items, { title: w.title(site.name), description: w.description(site.name) }, items[0]?.publishedAt ?? 0);
        return { body, type: `${feedFiles[format].type}; charset=utf-8` };
      });
    }
    serve(`${prefix}/sitemap.xml`, ref, async (site, now) => {
      const pages = await releasedPages(ctx.db, site.orgId, now, sitemapSize);
      const entries = [{ url: `${site.home}/` }, ...pages.map((p) => ({ url: publicPage(ctx.config.publicUrl, p.id), lastModified: p.publishedAt }))];
      return { body: renderSitemap(entries), type: 'application/xml; charset=utf-8' };
    });
    serve(`${prefix}/newsroom.css`, ref, async (site) => ({ body: newsroomStylesheet(emailLook({ templatesDir: ctx.config.templatesDir, theme: site.theme }).theme), type: 'text/css; charset=utf-8' }));
  }
}

async function indexPage(ctx: Context, site: NewsroomSite, now: number, query: unknown): Promise<Answer> {
  const parsed = PageQuery.safeParse(query);
  if (!parsed.success) return undefined;
  const page = parsed.data.page;
  const { items, total } = await releasedPage(ctx.db, site.orgId, now, { limit: pageSize, offset: (page - 1) * pageSize });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (page > pages) return undefined;
  const entries: NewsroomEntry[] = items.map(({ release, publishedAt }) => {
    const parts = releaseParts(release.content);
    const at = new Date(publishedAt).toISOString();
    return {
      url: publicPage(ctx.config.publicUrl, release.id),
      headline: release.content.headline,
      kicker: parts.strings.kindLabels[release.content.kind],
      summary: parts.preheader,
      language: release.content.language,
      publishedAt: at,
      published: formatDate(at.slice(0, 10), parts.language),
    };
  });
  const logoUrl = emailLook({ templatesDir: ctx.config.templatesDir, theme: site.theme }).theme.logoUrl;
  const html = <NewsroomIndex site={site} words={messagesFor(site.language).newsroom} entries={entries} page={page} pages={pages} logoUrl={logoUrl} />;
  return { body: `<!doctype html>\n${await html}`, type: 'text/html; charset=utf-8', csp: indexCsp };
}
