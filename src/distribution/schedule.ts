/**
 * Scheduled distributions: listing them, moving them, cancelling them. A schedule lives
 * in the database (send_at) and as a delayed plan job in Redis; the database wins, and
 * the reconciler puts back a job that Redis lost.
 */
import type { Db } from '../db/client.js';
import { nowMs } from '../db/dialect.js';
import type { DistributionRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { Queues } from '../queue/queues.js';
import { parseInstantInput } from '../time/zoned-time.js';
import { owedStatuses } from '../tracking/report.js';
import { getDistribution, setDistributionStatus } from './distributions.repo.js';

export interface ScheduleDeps {
  db: Db;
  queues: Queues;
  clock: { now(): number };
}

const finished = ['completed', 'completed_with_failures', 'cancelled'];

export async function listScheduled(db: Db) {
  return db.kysely
    .selectFrom('distributions')
    .innerJoin('releases', 'releases.id', 'distributions.release_id')
    .select(['distributions.id', 'distributions.release_id', 'distributions.send_at', 'distributions.audience', 'distributions.idempotency_key', 'releases.headline'])
    .where('distributions.status', '=', 'scheduled')
    .orderBy('distributions.send_at')
    .execute();
}

/**
 * Cancel a distribution. Before it starts, nothing is sent; once sending, whatever is not
 * yet sent is cancelled and the messages already with the relay finish.
 */
export async function cancelDistribution(deps: ScheduleDeps, id: string): Promise<DistributionRow> {
  const distribution = await getDistribution(deps.db, id);
  if (finished.includes(distribution.status)) {
    throw new AppError('INVALID_STATE', `Distribution ${id} is already ${distribution.status.replace(/_/g, ' ')}; there is nothing left to cancel.`);
  }
  const now = deps.clock.now();
  await setDistributionStatus(deps.db, id, ['scheduled', 'planning', 'sending', 'paused'], 'cancelled', now, { status_reason: 'cancelled on request', completed_at: now });
  if (distribution.status === 'scheduled') await deps.queues.remove('plan', { distributionId: id });
  await cancelOwed(deps.db, id);
  return getDistribution(deps.db, id);
}

/** Deliveries not yet handed to anyone become `cancelled` (a batch, or the whole distribution). */
export async function cancelOwed(db: Db, distributionId: string, batch?: number): Promise<void> {
  let query = db.kysely
    .updateTable('deliveries')
    .set({ status: 'cancelled', reason: 'distribution cancelled', finished_at: nowMs(db), updated_at: nowMs(db) })
    .where('distribution_id', '=', distributionId)
    .where('status', 'in', owedStatuses.filter((s) => s !== 'sending'));
  if (batch !== undefined) query = query.where('batch', '=', batch);
  await query.execute();
}

export async function rescheduleDistribution(deps: ScheduleDeps, id: string, at: string): Promise<DistributionRow> {
  const sendAt = Date.parse(parseInstantInput(at, 'at').until);
  if (sendAt <= deps.clock.now()) throw new AppError('VALIDATION', 'The new send time is in the past', { issues: [{ field: 'at', message: 'is in the past' }] });
  const result = await deps.db.kysely
    .updateTable('distributions')
    .set({ send_at: sendAt, updated_at: deps.clock.now() })
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    const distribution = await getDistribution(deps.db, id);
    throw new AppError('INVALID_STATE', `Distribution ${id} has already started (${distribution.status.replace(/_/g, ' ')}); it can only be cancelled now.`);
  }
  await deps.queues.retime('plan', { distributionId: id }, sendAt);
  return getDistribution(deps.db, id);
}
