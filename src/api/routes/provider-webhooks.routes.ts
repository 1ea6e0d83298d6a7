/**
 * Sending providers' event webhooks: POST /webhooks/ses, /webhooks/postmark (or
 * /webhooks/postmark/<secret>), /webhooks/mailgun, /webhooks/sendgrid. No session: a
 * request's authenticity is its signature or its URL's credentials. Answers: 200 when
 * applied, a replay, or about no delivery of ours (so the provider stops retrying); 401/403
 * when not authentic; 400 for a body we cannot read; 404 for a provider not configured.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import type { Provider, ProviderId } from '../../providers/provider.js';
import { receiveWebhook } from '../../providers/receive.js';
import type { EventDeps } from '../../tracking/delivery-events.js';
import { configuredProviders } from '../../providers/registry.js';
import { sendProblem } from '../error-handler.js';
import { rateLimiter } from '../rate-limits.js';

const bodyLimit = 5 * 1024 * 1024;

/** `noticeComplaint` tells the organisation's admins of a complaint a provider reports, as the inbound endpoint does. */
export async function providerWebhooksRoutes(app: FastifyInstance, ctx: Context, noticeComplaint: EventDeps['noticeComplaint']): Promise<void> {
  const providers = configuredProviders(ctx);
  await app.register(async (scope) => {
    scope.addHook('onRequest', await rateLimiter(scope, ctx, 'webhooks', ctx.config.providers.perMinute));
    // Signatures are over the bytes sent, and SNS posts JSON as text/plain: every body is kept raw.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));

    const handle = (id: ProviderId) => async (request: FastifyRequest<{ Params: { token?: string } }>, reply: FastifyReply) => {
      const provider: Provider | undefined = providers.get(id);
      if (!provider) return sendProblem(reply, 'NOT_FOUND', `Webhooks from ${id} are not configured on this server`);
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const receipt = await receiveWebhook({ ...ctx, noticeComplaint }, provider, { rawBody, headers: request.headers, pathSecret: request.params.token, ip: request.ip });
      if (!receipt.authentic) {
        ctx.logger.warn({ provider: id, ip: request.ip, reason: receipt.reason }, 'provider webhook refused');
        return sendProblem(reply, receipt.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', receipt.reason);
      }
      ctx.logger.debug({ provider: id, ...receipt.summary }, 'provider webhook received');
      return reply.code(200).send(receipt.summary);
    };

    scope.post('/webhooks/ses', handle('ses'));
    scope.post('/webhooks/postmark', handle('postmark'));
    // The segment is named "token" so request logs show the route, never the secret (request-logging.ts).
    scope.post('/webhooks/postmark/:token', handle('postmark'));
    scope.post('/webhooks/mailgun', handle('mailgun'));
    scope.post('/webhooks/sendgrid', handle('sendgrid'));
  });
}
