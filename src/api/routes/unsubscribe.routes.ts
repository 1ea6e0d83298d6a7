/**
 * RFC 8058 one-click unsubscribe. POST unsubscribes — with no cookie, no auth, any body,
 * and never a redirect. GET only shows a confirmation page, so link scanners and
 * prefetchers that follow links cannot unsubscribe anyone. The pages are the desk's layout
 * without navigation, in the recipient's language when it is known, else the browser's.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import { normalizeLanguage } from '../../i18n/languages.js';
import { stringsFor } from '../../rendering/strings.js';
import { findUnsubscribeTarget, unsubscribe, type UnsubscribeTarget } from '../../tracking/unsubscribe.js';
import { identityFor } from '../../organisations/identity.js';
import { localeFor, messagesFor } from '../../web/i18n/index.js';
import type { PageContext } from '../../web/page-context.js';
import { UnsubscribePage, type UnsubscribeState } from '../../web/pages/Unsubscribe.js';
import { htmlPages } from '../desk/desk-scope.js';

/** Journalists are nobody's session: no form token (the one-click form needs none), no navigation. */
function recipientPage(request: FastifyRequest, target: UnsubscribeTarget | undefined): PageContext {
  const known = normalizeLanguage(target?.language);
  const locale = localeFor([known, request.headers['accept-language']].filter(Boolean).join(','));
  return { t: messagesFor(locale), locale, csrf: '' };
}

export function unsubscribeRoutes(app: FastifyInstance, ctx: Context): void {
  const organizationOf = async (target: UnsubscribeTarget) => (await identityFor(ctx, target.orgId)).organization.name;

  void app.register(async (scope) => {
    await htmlPages(scope);
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });
    // Mail clients post form data (RFC 8058 says multipart or urlencoded); the body carries nothing we need.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, _body, done) => done(null, undefined));

    const answer = (request: FastifyRequest, target: UnsubscribeTarget | undefined) => {
      const page = recipientPage(request, target);
      return { page, texts: stringsFor(page.locale).unsubscribePage };
    };

    scope.get<{ Params: { token: string } }>('/u/:token', async (request, reply) => {
      const target = await findUnsubscribeTarget(ctx, request.params.token);
      const { page, texts } = answer(request, target);
      if (!target) return reply.code(404).html(UnsubscribePage({ ctx: page, texts, state: { kind: 'invalid' } }));
      const organization = await organizationOf(target);
      const state: UnsubscribeState = target.alreadyUnsubscribed
        ? { kind: 'done', said: texts.done(organization, target.address) }
        : { kind: 'ask', token: request.params.token, question: texts.confirm(organization, target.address) };
      return reply.html(UnsubscribePage({ ctx: page, texts, state }));
    });

    scope.post<{ Params: { token: string } }>('/u/:token', async (request, reply) => {
      const target = await unsubscribe(ctx, request.params.token, { ip: request.ip });
      const { page, texts } = answer(request, target);
      if (!target) return reply.code(404).html(UnsubscribePage({ ctx: page, texts, state: { kind: 'invalid' } }));
      ctx.logger.info({ delivery: target.deliveryId }, 'unsubscribed');
      const said = texts.done(await organizationOf(target), target.address);
      return reply.html(UnsubscribePage({ ctx: page, texts, state: { kind: 'done', said } }));
    });
  });
}
