/**
 * Scheduled distributions: listing them, moving them, cancelling them. A schedule lives
 * in the database (send_at) and as a delayed plan job in Redis; the database wins, and
 * the reconciler puts back a job that Redis lost.
 */
import type { Db } from '../db/client.js';
import type { DistributionRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import { cancelOwed } from '../ledger/deliveries.js';
import { moveDistribution, reschedule } from '../ledger/distributions.js';
import { distributionFrom } from '../ledger/transitions.js';
import type { Queues } from '../queue/queues.js';
import { parseInstantInput } from '../time/zoned-time.js';
import { audienceOf } from './audience.js';
import { getDistribution } from './distributions.repo.js';

export interface ScheduleDeps {
  db: Db;
  queues: Queues;
  clock: { now(): number };
}

export async function listScheduled(db: Db) {
  const rows = await db.kysely
    .selectFrom('distributions')
    .innerJoin('releases', 'releases.id', 'distributions.release_id')
    .select(['distributions.id', 'distributions.release_id', 'distributions.send_at', 'distributions.audience', 'distributions.channels', 'distributions.idempotency_key', 'releases.headline'])
    .where('distributions.status', '=', 'scheduled')
    .orderBy('distributions.send_at')
    .execute();
  return rows.map((r) => ({ ...r, audience: audienceOf(r) }));
}

/**
 * Cancel a distribution. Before it starts, nothing is sent; once sending, whatever is not
 * yet sent is cancelled and the messages already with the relay finish.
 */
export async function cancelDistribution(deps: ScheduleDeps, id: string): Promise<DistributionRow> {
  const distribution = await getDistribution(deps.db, id);
  if (!distributionFrom('cancelled').includes(distribution.status)) {
    throw new AppError('INVALID_STATE', `Distribution ${id} is already ${distribution.status.replace(/_/g, ' ')}; there is nothing left to cancel.`);
  }
  const now = deps.clock.now();
  await moveDistribution(deps.db, id, 'cancelled', now, { status_reason: 'cancelled on request', completed_at: now });
  if (distribution.status === 'scheduled') await deps.queues.remove('plan', { distributionId: id });
  await cancelOwed(deps.db, id);
  return getDistribution(deps.db, id);
}

export async function rescheduleDistribution(deps: ScheduleDeps, id: string, at: string): Promise<DistributionRow> {
  const sendAt = Date.parse(parseInstantInput(at, 'at').until);
  if (sendAt <= deps.clock.now()) throw new AppError('VALIDATION', 'The new send time is in the past', { issues: [{ field: 'at', message: 'is in the past' }] });
  if (!(await reschedule(deps.db, id, sendAt, deps.clock.now()))) {
    const distribution = await getDistribution(deps.db, id);
    throw new AppError('INVALID_STATE', `Distribution ${id} has already started (${distribution.status.replace(/_/g, ' ')}); it can only be cancelled now.`);
  }
  await deps.queues.retime('plan', { distributionId: id }, sendAt);
  return getDistribution(deps.db, id);
}
