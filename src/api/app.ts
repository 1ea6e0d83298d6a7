/**
 * Builds the HTTP application; never listens (tests call `inject()` on it).
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { requireActor } from './auth.js';
import { requireKnownHost } from './host-check.js';
import { apiDocsRoute, collectApiDocs } from './docs.js';
import { accountsRoutes } from './routes/accounts.routes.js';
import { installErrorHandler } from './error-handler.js';
import { requestSerializers, RequestLogs } from './request-logging.js';
import { requireObjectBodies } from './json-body.js';
import { schemasDescribeOnly } from './route.js';
import { distributionsRoutes } from './routes/distributions.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { listsRoutes } from './routes/lists.routes.js';
import { outboxRoutes } from './routes/outbox.routes.js';
import { peopleRoutes } from './routes/people.routes.js';
import { suppressionsRoutes } from './routes/suppressions.routes.js';
import { pagesRoutes } from './routes/pages.routes.js';
import { releasesRoutes } from './routes/releases.routes.js';
import { unsubscribeRoutes } from './routes/unsubscribe.routes.js';

export async function buildApp(ctx: Context): Promise<FastifyInstance> {
  // Typed as Fastify's base logger: a pino-typed instance would not be a plain FastifyInstance.
  const logger: FastifyBaseLogger = ctx.logger.child({}, { serializers: requestSerializers });
  const app = Fastify({ loggerInstance: logger, logController: new RequestLogs(), bodyLimit: 5 * 1024 * 1024, trustProxy: ctx.config.http.trustProxy });
  app.decorateRequest('actor', null);
  installErrorHandler(app, ctx.logger);
  requireKnownHost(app, ctx.config.http.allowedHosts);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    // API answers hold journalists' addresses and, once, new tokens: never kept by a cache.
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  await collectApiDocs(app);
  healthRoutes(app, ctx);
  unsubscribeRoutes(app, ctx);
  pagesRoutes(app, ctx);
  // The outbox holds every message, embargoed copies included: only for the installation's admins.
  if (ctx.config.outbox.enabled) {
    await app.register(async (outbox) => {
      requireActor(outbox, ctx.db);
      outboxRoutes(outbox, ctx);
    });
  }
  await app.register(
    async (api) => {
      requireActor(api, ctx.db);
      schemasDescribeOnly(api);
      requireObjectBodies(api);
      // The API speaks JSON (and CSV on the import route): a text/plain body would reach routes as a bare string.
      api.removeContentTypeParser('text/plain');
      releasesRoutes(api, ctx);
      listsRoutes(api, ctx);
      distributionsRoutes(api, ctx);
      accountsRoutes(api, ctx);
      peopleRoutes(api, ctx);
      suppressionsRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  await app.register(
    async (docs) => {
      requireActor(docs, ctx.db);
      apiDocsRoute(docs);
    },
    { prefix: '/api' },
  );
  return app;
}
