/**
 * Scheduled distributions: moving them, cancelling them (distributions.list.ts lists them). A schedule lives
 * in the database (send_at) and as a delayed plan job in Redis; the database wins, and
 * the reconciler puts back a job that Redis lost.
 */
import { authorize, type Actor } from '../auth/actor.js';
import { audit } from '../auth/audit.js';
import type { Db } from '../db/client.js';
import { reviewApproval } from './approval.js';
import type { DistributionRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import { cancelOwed } from '../ledger/deliveries.js';
import { moveDistribution, reschedule } from '../ledger/distributions.js';
import { distributionFrom } from '../ledger/transitions.js';
import type { Queues } from '../queue/queues.js';
import { parseInstantInput } from '../time/zoned-time.js';
import { getDistribution } from './distributions.repo.js';

export interface ScheduleDeps {
  db: Db;
  queues: Queues;
  clock: { now(): number };
}

/**
 * Cancel a distribution. Before it starts, nothing is sent; once sending, whatever is not
 * yet sent is cancelled and the messages already with the relay finish.
 */
export async function cancelDistribution(deps: ScheduleDeps, actor: Actor, id: string): Promise<DistributionRow> {
  authorize(actor, 'send');
  const distribution = await getDistribution(deps.db, actor.orgId, id);
  if (!distributionFrom('cancelled').includes(distribution.status)) {
    throw new AppError('INVALID_STATE', `Distribution ${id} is already ${distribution.status.replace(/_/g, ' ')}; there is nothing left to cancel.`);
  }
  const now = deps.clock.now();
  await moveDistribution(deps.db, id, 'cancelled', now, { status_reason: 'cancelled on request', completed_at: now });
  if (distribution.status === 'scheduled') await deps.queues.remove('plan', { distributionId: id });
  await cancelOwed(deps.db, id);
  const cancelled = await getDistribution(deps.db, actor.orgId, id);
  await audit(deps.db, actor, { action: 'distribution.cancel', object: { type: 'distribution', id }, state: cancelled, detail: { was: distribution.status } }, now);
  return cancelled;
}

export async function rescheduleDistribution(deps: ScheduleDeps, actor: Actor, id: string, at: string): Promise<DistributionRow> {
  authorize(actor, 'send');
  const before = await getDistribution(deps.db, actor.orgId, id);
  const sendAt = Date.parse(parseInstantInput(at, 'at').until);
  if (sendAt <= deps.clock.now()) throw new AppError('VALIDATION', 'The new send time is in the past', { issues: [{ field: 'at', message: 'is in the past' }] });
  if (!(await reschedule(deps.db, id, sendAt, deps.clock.now()))) {
    const distribution = await getDistribution(deps.db, actor.orgId, id);
    throw new AppError('INVALID_STATE', `Distribution ${id} has already started (${distribution.status.replace(/_/g, ' ')}); it can only be cancelled now.`);
  }
  if (before.status === 'scheduled') await deps.queues.retime('plan', { distributionId: id }, sendAt);
  await reviewApproval(deps, actor, id, `moved from ${before.send_at === null ? 'now' : new Date(before.send_at).toISOString()} to ${new Date(sendAt).toISOString()}`);
  const moved = await getDistribution(deps.db, actor.orgId, id);
  await audit(deps.db, actor, { action: 'distribution.reschedule', object: { type: 'distribution', id }, state: moved, detail: { from: before.send_at, to: sendAt } }, deps.clock.now());
  return moved;
}
