/**
 * GET /metrics: the Prometheus scrape, for a bearer of METRICS_TOKEN. Without the token
 * configured the route does not exist (404): metrics are off.
 */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { metricsFor } from '../../metrics/registry.js';
import { bearerMatches, scrapeRefusal } from '../../metrics/scrape-access.js';
import { sendProblem } from '../error-handler.js';

export function metricsRoutes(app: FastifyInstance, ctx: Context): void {
  const token = ctx.config.metrics.token;
  if (!token) return;
  const metrics = metricsFor(ctx);
  app.get('/metrics', async (request, reply) => {
    if (!bearerMatches(request.headers.authorization, token)) return sendProblem(reply.header('www-authenticate', 'Bearer'), 'UNAUTHORIZED', scrapeRefusal);
    const text = await metrics.scrape();
    return reply.header('cache-control', 'no-store').type(metrics.contentType).send(text);
  });
}
