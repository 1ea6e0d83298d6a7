/**
 * "Retry what failed": the failed deliveries of a distribution that another try may fix are
 * owed again, the distribution reopens if it had ended, and a job takes them. Each row then
 * follows the usual retry policy from its attempt count: a row that had used up its attempts
 * gets one more, a refused one its full schedule.
 */
import { authorize, type Actor } from '../auth/actor.js';
import { audit } from '../auth/audit.js';
import type { DistributionRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import { requeueFailed } from '../ledger/deliveries.js';
import { moveDistribution } from '../ledger/distributions.js';
import { unretryable } from './delivery-policy.js';
import { getDistribution } from './distributions.repo.js';
import { restoreOwedJobs } from './reconciler.js';
import type { ScheduleDeps } from './schedule.js';

export interface Retried {
  distribution: DistributionRow;
  /** Deliveries queued again. */
  retried: number;
}

export async function retryFailed(deps: ScheduleDeps, actor: Actor, id: string): Promise<Retried> {
  authorize(actor, 'send');
  const before = await getDistribution(deps.db, actor.orgId, id);
  if (before.status === 'cancelled') throw new AppError('INVALID_STATE', `Distribution ${id} was cancelled; send the release again instead.`);
  if (!['sending', 'paused', 'completed', 'completed_with_failures'].includes(before.status)) {
    throw new AppError('INVALID_STATE', `Distribution ${id} has not started (${before.status.replace(/_/g, ' ')}); nothing has failed yet.`);
  }
  // Rows first, then the distribution: while it is still closed nothing sends them, and once
  // reopened it cannot be closed again under them, since they are owed.
  const retried = await requeueFailed(deps.db, id, unretryable);
  if (retried === 0) throw new AppError('INVALID_STATE', `Distribution ${id} has no failed deliveries that may be tried again (an address that does not exist is not retried).`);
  const now = deps.clock.now();
  await moveDistribution(deps.db, id, 'sending', now, { completed_at: null, status_reason: null }, ['completed', 'completed_with_failures']);
  await restoreOwedJobs(deps, { distributionId: id });
  const distribution = await getDistribution(deps.db, actor.orgId, id);
  await audit(deps.db, actor, { action: 'distribution.retry', object: { type: 'distribution', id }, state: distribution, detail: { retried, was: before.status } }, now);
  return { distribution, retried };
}
