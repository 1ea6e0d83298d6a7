/**
 * Builds the HTTP application; never listens (tests call `inject()` on it).
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { createMailer } from '../channels/email/single-message.js';
import { complaintNotifier } from '../tracking/complaint-notice.js';
import { emailSettings } from '../channels/email/email.channel.js';
import { DkimKeys } from '../dkim/signing-keys.js';
import { credentialKey, requireActor } from './auth.js';
import { registerCookies } from './cookies.js';
import { apiDocsRoute, collectApiDocs } from './docs.js';
import { newsroomHostRewrite, requireKnownHost } from './host-check.js';
import { isNewsroomHost } from '../newsroom/site.js';
import { rateLimiter } from './rate-limits.js';
import { accountsRoutes } from './routes/accounts.routes.js';
import { installErrorHandler } from './error-handler.js';
import { requestSerializers, RequestLogs } from './request-logging.js';
import { requireObjectBodies } from './json-body.js';
import { schemasDescribeOnly } from './route.js';
import { distributionsRoutes } from './routes/distributions.routes.js';
import { dkimRoutes } from './routes/dkim.routes.js';
import { doctorRoutes } from './routes/doctor.routes.js';
import { reportsRoutes } from './routes/reports.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { listsRoutes } from './routes/lists.routes.js';
import { metricsRoutes } from './routes/metrics.routes.js';
import { outboxRoutes } from './routes/outbox.routes.js';
import { peopleRoutes } from './routes/people.routes.js';
import { suppressionsRoutes } from './routes/suppressions.routes.js';
import { pagesRoutes } from './routes/pages.routes.js';
import { providerWebhooksRoutes } from './routes/provider-webhooks.routes.js';
import { newsroomRoutes } from './routes/newsroom.routes.js';
import { releasesRoutes } from './routes/releases.routes.js';
import { signInRoutes } from './routes/sign-in.routes.js';
import { usersRoutes } from './routes/users.routes.js';
import { webhooksRoutes } from './routes/webhooks.routes.js';
import { unsubscribeRoutes } from './routes/unsubscribe.routes.js';
import { trackingRoutes } from './routes/tracking.routes.js';
import { assetRoutes } from './desk/assets.js';
import { deskScope } from './desk/desk-scope.js';
import { deskReleasesRoutes } from './desk/releases.routes.js';
import { deskPeopleRoutes } from './desk/people.routes.js';
import { deskListsRoutes } from './desk/lists.routes.js';
import { deskSendingRoutes } from './desk/sending.routes.js';
import { deskSettingsRoutes } from './desk/settings.routes.js';
import { deskDistributionsRoutes } from './desk/distributions.routes.js';
import { deskContactHistoryRoutes } from './desk/contact-history.routes.js';

export interface AppOptions {
  /** The port the development outbox really listens on, when this process runs it. */
  outboxPort?: number;
}

/** Recipients' own links: a client trying many codes or tokens is slowed down. */
const recipientLinks = new Set(['/u/:token', '/e/:code']);

export async function buildApp(ctx: Context, options: AppOptions = {}): Promise<FastifyInstance> {
  // Typed as Fastify's base logger: a pino-typed instance would not be a plain FastifyInstance.
  const logger: FastifyBaseLogger = ctx.logger.child({}, { serializers: requestSerializers });
  const app = Fastify({ loggerInstance: logger, logController: new RequestLogs(), bodyLimit: 5 * 1024 * 1024, trustProxy: ctx.config.http.trustProxy, rewriteUrl: newsroomHostRewrite(ctx.config.http.allowedHosts) });
  app.decorateRequest('actor', null);
  installErrorHandler(app, ctx.logger);
  requireKnownHost(app, ctx.config.http.allowedHosts, (host) => isNewsroomHost(ctx.db, host));
  const auth = { db: ctx.db, cookies: await registerCookies(app, { secure: ctx.config.auth.secureCookies }) };
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    // API answers hold journalists' addresses and, once, new tokens: never kept by a cache.
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  await collectApiDocs(app);
  healthRoutes(app, ctx);
  metricsRoutes(app, ctx);
  newsroomRoutes(app, ctx);
  await app.register(async (links) => {
    const limit = await rateLimiter(links, ctx, 'links', ctx.config.rateLimits.links);
    links.addHook('onRequest', async (request, reply) => {
      if (recipientLinks.has(request.routeOptions.url ?? '')) await limit.call(links, request, reply);
    });
    unsubscribeRoutes(links, ctx);
    pagesRoutes(links, ctx);
    trackingRoutes(links, ctx, limit);
  });
  const mailer = createMailer(emailSettings(ctx.config, options.outboxPort), new DkimKeys(ctx));
  await providerWebhooksRoutes(app, ctx, complaintNotifier({ ...ctx, mailer }));
  await app.register(async (pages) => signInRoutes(pages, { ...auth, ctx, mailer }));
  await app.register(assetRoutes);
  await app.register(async (desk) => {
    await deskScope(desk, { ctx, auth });
    deskReleasesRoutes(desk, ctx, mailer);
    deskPeopleRoutes(desk, ctx, auth);
    deskListsRoutes(desk, ctx);
    deskSendingRoutes(desk, ctx);
    deskSettingsRoutes(desk, ctx);
    deskDistributionsRoutes(desk, ctx);
    deskContactHistoryRoutes(desk, ctx);
  });
  // The outbox holds every message, embargoed copies included: only for the installation's admins.
  if (ctx.config.outbox.enabled) {
    await app.register(async (outbox) => {
      requireActor(outbox, auth);
      await outboxRoutes(outbox, ctx);
    });
  }
  await app.register(
    async (api) => {
      requireActor(api, auth);
      api.addHook('onRequest', await rateLimiter(api, ctx, 'api', ctx.config.rateLimits.api, (request) => credentialKey(request, auth)));
      schemasDescribeOnly(api);
      requireObjectBodies(api);
      // The API speaks JSON (and CSV on the import route): a text/plain body would reach routes as a bare string.
      api.removeContentTypeParser('text/plain');
      releasesRoutes(api, ctx);
      listsRoutes(api, ctx);
      distributionsRoutes(api, ctx);
      reportsRoutes(api, ctx);
      accountsRoutes(api, ctx);
      dkimRoutes(api, ctx);
      doctorRoutes(api, ctx);
      peopleRoutes(api, ctx);
      suppressionsRoutes(api, ctx);
      usersRoutes(api, ctx);
      webhooksRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  await app.register(
    async (docs) => {
      requireActor(docs, auth);
      apiDocsRoute(docs);
    },
    { prefix: '/api' },
  );
  return app;
}
