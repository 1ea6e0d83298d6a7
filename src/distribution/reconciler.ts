/**
 * The reconciler rebuilds work in flight from the database, which is the truth:
 * when Redis was flushed or failed over and jobs vanished, every distribution still
 * planning or scheduled gets its plan job back and every batch that owes a due delivery
 * gets its send job back. Re-adding is harmless: job ids are deterministic and claims are
 * exclusive, so nothing is sent twice.
 */
import { sql } from 'kysely';
import type { Db } from '../db/client.js';
import { nowMs } from '../db/dialect.js';
import type { Logger } from '../logger.js';
import type { Queues } from '../queue/queues.js';

export interface ReconcileDeps {
  db: Db;
  queues: Queues;
  logger: Logger;
  /** Work younger than this is left alone: its job is most likely being added right now. */
  settleMs: number;
}

export interface ReconcileReport {
  plans: number;
  batches: number;
  posts: number;
}

export async function reconcile(deps: ReconcileDeps): Promise<ReconcileReport> {
  const now = nowMs(deps.db);
  const planning = await deps.db.kysely
    .selectFrom('distributions')
    .select('id')
    .where('status', '=', 'planning')
    .where('created_at', '<', sql<number>`${now} - ${deps.settleMs}`)
    .execute();
  let plans = 0;
  for (const d of planning) if (await deps.queues.ensure('plan', { distributionId: d.id })) plans++;
  // A schedule lives in the database too: a delayed job that Redis lost is put back for its time.
  const scheduled = await deps.db.kysely.selectFrom('distributions').select(['id', 'send_at']).where('status', '=', 'scheduled').execute();
  for (const d of scheduled) {
    if (await deps.queues.ensure('plan', { distributionId: d.id }, { delay: Math.max(0, Number(d.send_at) - Date.now()) })) plans++;
  }

  const owed = await deps.db.kysely
    .selectFrom('deliveries')
    .innerJoin('distributions', 'distributions.id', 'deliveries.distribution_id')
    // Email is grouped by batch; a social delivery (batch -1) is one per account.
    .select(['deliveries.distribution_id', 'deliveries.batch'])
    .select(sql<string>`case when deliveries.channel like 'email%' then '' else deliveries.target_key end`.as('account'))
    .select((eb) => eb.fn.min('deliveries.id').as('id'))
    .where('distributions.status', '=', 'sending')
    .where((eb) =>
      eb.or([
        eb.and([eb('deliveries.status', 'in', ['queued', 'deferred', 'ambiguous']), eb('deliveries.next_attempt_at', '<', sql<number>`${now} - ${deps.settleMs}`)]),
        eb.and([eb('deliveries.status', '=', 'sending'), eb('deliveries.lease_until', '<', now)]),
      ]),
    )
    .groupBy(['deliveries.distribution_id', 'deliveries.batch', 'account'])
    .execute();
  let batches = 0;
  let posts = 0;
  for (const d of owed) {
    if (d.account) {
      if (await deps.queues.ensure('social', { accountId: d.account, deliveryId: d.id })) posts++;
    } else if (await deps.queues.ensure('email', { distributionId: d.distribution_id, batch: d.batch })) batches++;
  }

  if (plans + batches + posts > 0) deps.logger.warn('reconciler restored lost jobs', { plans, batches, posts });
  return { plans, batches, posts };
}
