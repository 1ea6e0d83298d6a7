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

/**
 * Asked after a batch's job was found gone: the rows read a moment ago may have been sent
 * since by that very job, which then finished. Only rows still owed now mean a lost job.
 */
async function stillOwes(db: Db, distributionId: string, batch: number): Promise<boolean> {
  const row = await db.kysely
    .selectFrom('deliveries')
    .select('id')
    .where('distribution_id', '=', distributionId)
    .where('batch', '=', batch)
    .where('status', 'in', ['queued', 'deferred', 'ambiguous'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function reconcile(deps: ReconcileDeps): Promise<ReconcileReport> {
  const now = nowMs(deps.db);
  const planning = await deps.db.kysely
    .selectFrom('distributions')
    .select('id')
    .where('status', '=', 'planning')
    .where('created_at', '<', sql<number>`${now} - ${deps.settleMs}`)
    .execute();
  // What each restored job was found as (missing, failed…), for the log.
  const found: Record<string, number> = {};
  const restored = (state: string | undefined) => {
    if (state) found[state] = (found[state] ?? 0) + 1;
    return state ? 1 : 0;
  };
  let plans = 0;
  for (const d of planning) plans += restored(await deps.queues.ensure('plan', { distributionId: d.id }));
  // A schedule lives in the database too: a delayed job that Redis lost is put back for its time.
  const scheduled = await deps.db.kysely.selectFrom('distributions').select(['id', 'send_at']).where('status', '=', 'scheduled').execute();
  for (const d of scheduled) {
    plans += restored(await deps.queues.ensure('plan', { distributionId: d.id }, { delay: Math.max(0, Number(d.send_at) - Date.now()) }));
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
    if (d.account) posts += restored(await deps.queues.ensure('social', { accountId: d.account, deliveryId: d.id }));
    else batches += restored(await deps.queues.ensure('email', { distributionId: d.distribution_id, batch: d.batch }, undefined, () => stillOwes(deps.db, d.distribution_id, d.batch)));
  }

  if (plans + batches + posts > 0) deps.logger.warn('reconciler restored lost jobs', { plans, batches, posts, found });
  return { plans, batches, posts };
}
