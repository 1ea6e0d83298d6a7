import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Context } from '../../context.js';
import { createDistribution } from '../../distribution/distributions.service.js';
import { isEmailPaused, resumeEmail } from '../../distribution/pause.js';
import { distributionReport, listDeliveries } from '../../tracking/report.js';
import { parseInput } from '../validate.js';

const Id = z.object({ id: z.string().regex(/^dst_[0-9a-z]{25}$/, 'must be a distribution id (dst_…)') });
const SendBody = z.object({
  releaseId: z.string().min(1),
  lists: z.array(z.string().min(1)).min(1, 'name at least one list'),
  idempotencyKey: z.string().optional(),
});
const Page = z.object({
  after: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export function distributionsRoutes(app: FastifyInstance, ctx: Context): void {
  app.post('/distributions', async (request, reply) => {
    const body = parseInput(SendBody, request.body, 'body');
    const header = request.headers['idempotency-key'];
    const idempotencyKey = (typeof header === 'string' ? header : undefined) ?? body.idempotencyKey;
    const { distribution, created } = await createDistribution(ctx, { releaseId: body.releaseId, lists: body.lists, idempotencyKey });
    return reply.code(created ? 201 : 200).send({ id: distribution.id, status: distribution.status, created });
  });

  app.get('/distributions/:id', async (request) => distributionReport(ctx.db, parseInput(Id, request.params, 'params').id));

  app.get('/distributions/:id/deliveries', async (request) => {
    const { id } = parseInput(Id, request.params, 'params');
    const page = parseInput(Page, request.query, 'query');
    const deliveries = await listDeliveries(ctx.db, id, page);
    return { deliveries, next: deliveries.length === page.limit ? deliveries.at(-1)!.id : null };
  });

  app.get('/email', async () => ({ paused: await isEmailPaused(ctx) }));
  app.post('/email/resume', async () => resumeEmail(ctx));
}
