/**
 * RFC 8058 one-click unsubscribe. POST unsubscribes — with no cookie, no auth, any body,
 * and never a redirect. GET only shows a confirmation page, so link scanners and
 * prefetchers that follow links cannot unsubscribe anyone.
 */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { templateLanguageFor } from '../../i18n/languages.js';
import { escapeHtml } from '../../rendering/escape.js';
import { stringsFor } from '../../rendering/strings.js';
import { findUnsubscribeTarget, unsubscribe, type UnsubscribeTarget } from '../../tracking/unsubscribe.js';
import { page } from '../pages/layout.js';
import { identityFor } from '../../organisations/identity.js';

export function unsubscribeRoutes(app: FastifyInstance, ctx: Context): void {
  const organizationOf = async (target: UnsubscribeTarget) => (await identityFor(ctx, target.orgId)).organization.name;
  const texts = (target?: UnsubscribeTarget) => stringsFor(templateLanguageFor(target?.language)).unsubscribePage;

  void app.register(async (scope) => {
    // Mail clients post form data (RFC 8058 says multipart or urlencoded); the body carries nothing we need.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, _body, done) => done(null, undefined));

    scope.get<{ Params: { token: string } }>('/u/:token', async (request, reply) => {
      const target = await findUnsubscribeTarget(ctx, request.params.token);
      const t = texts(target);
      if (!target) return page(reply, { title: t.title, status: 404, body: `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.invalidLink)}</p>` });
      const lang = templateLanguageFor(target.language);
      if (target.alreadyUnsubscribed) {
        return page(reply, { title: t.title, lang, body: `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.done(await organizationOf(target), target.address))}</p>` });
      }
      return page(reply, {
        title: t.title,
        lang,
        body: `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.confirm(await organizationOf(target), target.address))}</p>
<form method="post" action="/u/${encodeURIComponent(request.params.token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escapeHtml(t.button)}</button></form>`,
      });
    });

    scope.post<{ Params: { token: string } }>('/u/:token', async (request, reply) => {
      const target = await unsubscribe(ctx, request.params.token, { ip: request.ip });
      const t = texts(target);
      if (!target) return page(reply, { title: t.title, status: 404, body: `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.invalidLink)}</p>` });
      ctx.logger.info({ delivery: target.deliveryId }, 'unsubscribed');
      return page(reply, { title: t.title, lang: templateLanguageFor(target.language), body: `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.done(await organizationOf(target), target.address))}</p>` });
    });
  });
}
