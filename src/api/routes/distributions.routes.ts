import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Context } from '../../context.js';
import { createDistribution } from '../../distribution/distributions.service.js';
import { isEmailPaused, resumeEmail } from '../../distribution/pause.js';
import { cancelDistribution, listScheduled, rescheduleDistribution } from '../../distribution/schedule.js';
import { traceCode } from '../../tracking/trace.js';
import { distributionReport, readDeliveries, readReport } from '../../tracking/report.js';
import { approveDistribution } from '../../distribution/approval.js';
import { authorize } from '../../auth/actor.js';
import { actorOf } from '../auth.js';
import { parseInput } from '../validate.js';

const Code = z.object({ code: z.string().min(1).max(40) });
const Id = z.object({ id: z.string().regex(/^dst_[0-9a-z]{25}$/, 'must be a distribution id (dst_…)') });
const SendBody = z.object({
  releaseId: z.string().min(1),
  lists: z.array(z.string().min(1)).default([]),
  /** Social accounts, as network:account. */
  channels: z.array(z.string().min(1)).default([]),
  idempotencyKey: z.string().optional(),
  /** ISO instant, or "YYYY-MM-DD HH:MM <zone>": schedule instead of sending now. */
  at: z.string().min(1).optional(),
});
const AtBody = z.object({ at: z.string().min(1, 'is empty') });
const ListQuery = z.object({ status: z.literal('scheduled') });
const Page = z.object({
  after: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export function distributionsRoutes(app: FastifyInstance, ctx: Context): void {
  app.post('/distributions', async (request, reply) => {
    const body = parseInput(SendBody, request.body, 'body');
    const header = request.headers['idempotency-key'];
    const idempotencyKey = (typeof header === 'string' ? header : undefined) ?? body.idempotencyKey;
    const { distribution, created } = await createDistribution(ctx, actorOf(request), { releaseId: body.releaseId, lists: body.lists, channels: body.channels, idempotencyKey, at: body.at });
    const sendAt = distribution.send_at === null ? null : new Date(distribution.send_at).toISOString();
    return reply.code(created ? 201 : 200).send({ id: distribution.id, status: distribution.status, created, sendAt });
  });

  app.get('/distributions', async (request) => {
    parseInput(ListQuery, request.query, 'query');
    const rows = await listScheduled(ctx, actorOf(request));
    return {
      distributions: rows.map((r) => ({
        id: r.id,
        releaseId: r.release_id,
        headline: r.headline,
        sendAt: r.send_at === null ? null : new Date(r.send_at).toISOString(),
        lists: r.audience.lists,
        idempotencyKey: r.idempotency_key,
        status: r.status,
      })),
    };
  });

  app.post('/distributions/:id/cancel', async (request) => {
    const { id } = parseInput(Id, request.params, 'params');
    const actor = actorOf(request);
    await cancelDistribution(ctx, actor, id);
    return distributionReport(ctx.db, actor.orgId, id);
  });

  app.post('/distributions/:id/reschedule', async (request) => {
    const { id } = parseInput(Id, request.params, 'params');
    const row = await rescheduleDistribution(ctx, actorOf(request), id, parseInput(AtBody, request.body, 'body').at);
    return { id: row.id, status: row.status, sendAt: new Date(row.send_at!).toISOString() };
  });

  app.post('/distributions/:id/approve', async (request) => {
    const actor = actorOf(request);
    const { id } = parseInput(Id, request.params, 'params');
    await approveDistribution(ctx, actor, id);
    return distributionReport(ctx.db, actor.orgId, id);
  });

  app.get('/trace/:code', async (request) => traceCode(ctx.db, actorOf(request), parseInput(Code, request.params, 'params').code));

  app.get('/distributions/:id', async (request) => readReport(ctx, actorOf(request), parseInput(Id, request.params, 'params').id));

  app.get('/distributions/:id/deliveries', async (request) => {
    const { id } = parseInput(Id, request.params, 'params');
    const page = parseInput(Page, request.query, 'query');
    const deliveries = await readDeliveries(ctx, actorOf(request), id, page);
    return { deliveries, next: deliveries.length === page.limit ? deliveries.at(-1)!.id : null };
  });

  app.get('/email', async (request) => {
    authorize(actorOf(request), 'read');
    return { paused: await isEmailPaused(ctx) };
  });
  app.post('/email/resume', async (request) => resumeEmail(ctx, actorOf(request)));
}
