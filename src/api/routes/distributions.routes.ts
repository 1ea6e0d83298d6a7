import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { distributions } from '../../contract/distributions.js';
import { createDistribution } from '../../distribution/distributions.service.js';
import { isEmailPaused, resumeEmail } from '../../distribution/pause.js';
import { listDistributions, listScheduled, type DistributionSummary } from '../../distribution/distributions.list.js';
import { retryFailed } from '../../distribution/retry.js';
import { cancelDistribution, rescheduleDistribution } from '../../distribution/schedule.js';
import { traceCode } from '../../tracking/trace.js';
import { distributionReport, readDeliveries, readReport } from '../../tracking/report.js';
import { approveDistribution, declineDistribution } from '../../distribution/approval.js';
import { preflight } from '../../distribution/preflight.js';
import { authorize } from '../../auth/actor.js';
import { actorOf } from '../auth.js';
import { route } from '../route.js';
import { parseInput } from '../validate.js';

export function distributionsRoutes(app: FastifyInstance, ctx: Context): void {
  route(app, distributions.create, async (request, reply) => {
    const body = parseInput(distributions.create.body, request.body, 'body');
    const header = request.headers['idempotency-key'];
    const idempotencyKey = (typeof header === 'string' ? header : undefined) ?? body.idempotencyKey;
    const { distribution, created } = await createDistribution(ctx, actorOf(request), { releaseId: body.releaseId, lists: body.lists, channels: body.channels, idempotencyKey, at: body.at, correction: body.correction });
    const sendAt = distribution.send_at === null ? null : new Date(distribution.send_at).toISOString();
    return reply.code(created ? 201 : 200).send({ id: distribution.id, status: distribution.status, created, sendAt });
  });

  route(app, distributions.preflight, async (request) => {
    const body = parseInput(distributions.preflight.body, request.body, 'body');
    return preflight(ctx, actorOf(request), { releaseId: body.releaseId, lists: body.lists, channels: body.channels, at: body.at });
  });

  route(app, distributions.list, async (request) => {
    const query = parseInput(distributions.list.querystring, request.query, 'query');
    const actor = actorOf(request);
    if (query.status === 'scheduled') return { distributions: (await listScheduled(ctx, actor)).map(summaryJson), next: null };
    const rows = await listDistributions(ctx, actor, query);
    return { distributions: rows.map(summaryJson), next: rows.length === query.limit ? rows.at(-1)!.id : null };
  });

  route(app, distributions.retry, async (request) => {
    const { id } = parseInput(distributions.retry.params, request.params, 'params');
    const { distribution, retried } = await retryFailed(ctx, actorOf(request), id);
    return { id, status: distribution.status, retried };
  });

  route(app, distributions.cancel, async (request) => {
    const { id } = parseInput(distributions.cancel.params, request.params, 'params');
    const actor = actorOf(request);
    await cancelDistribution(ctx, actor, id);
    return distributionReport(ctx.db, actor.orgId, id);
  });

  route(app, distributions.reschedule, async (request) => {
    const { id } = parseInput(distributions.reschedule.params, request.params, 'params');
    const row = await rescheduleDistribution(ctx, actorOf(request), id, parseInput(distributions.reschedule.body, request.body, 'body').at);
    return { id: row.id, status: row.status, sendAt: new Date(row.send_at!).toISOString() };
  });

  route(app, distributions.approve, async (request) => {
    const actor = actorOf(request);
    const { id } = parseInput(distributions.approve.params, request.params, 'params');
    await approveDistribution(ctx, actor, id);
    return distributionReport(ctx.db, actor.orgId, id);
  });

  route(app, distributions.decline, async (request) => {
    const actor = actorOf(request);
    const { id } = parseInput(distributions.decline.params, request.params, 'params');
    await declineDistribution(ctx, actor, id, parseInput(distributions.decline.body, request.body, 'body').note);
    return distributionReport(ctx.db, actor.orgId, id);
  });

  route(app, distributions.trace, async (request) => traceCode(ctx.db, actorOf(request), parseInput(distributions.trace.params, request.params, 'params').code));

  route(app, distributions.report, async (request) => readReport(ctx, actorOf(request), parseInput(distributions.report.params, request.params, 'params').id));

  route(app, distributions.deliveries, async (request) => {
    const { id } = parseInput(distributions.deliveries.params, request.params, 'params');
    const page = parseInput(distributions.deliveries.querystring, request.query, 'query');
    const deliveries = await readDeliveries(ctx, actorOf(request), id, page);
    return { deliveries, next: deliveries.length === page.limit ? deliveries.at(-1)!.id : null };
  });

  route(app, distributions.emailState, async (request) => {
    authorize(actorOf(request), 'read');
    return { paused: await isEmailPaused(ctx) };
  });
  route(app, distributions.resumeEmail, async (request) => resumeEmail(ctx, actorOf(request)));
}

const instant = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function summaryJson(d: DistributionSummary) {
  return {
    id: d.id,
    releaseId: d.releaseId,
    headline: d.headline,
    sendAt: instant(d.sendAt),
    lists: d.lists.map((l) => l.id),
    idempotencyKey: d.idempotencyKey,
    status: d.status,
    createdAt: new Date(d.createdAt).toISOString(),
    completedAt: instant(d.completedAt),
    total: d.total,
    succeeded: d.succeeded,
  };
}
