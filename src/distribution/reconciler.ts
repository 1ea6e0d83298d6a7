/**
 * The reconciler keeps one invariant: no owed delivery without a job that will take it.
 * The database is the truth; when Redis was flushed or restarted empty, a job failed for
 * good, or a job finished while rows were still owed, the job comes back, timed for when
 * its rows are next due. Every distribution still planning or scheduled gets its plan job
 * back the same way, and so does every pending webhook message. Re-adding is harmless: job ids are deterministic and claims are
 * exclusive, so nothing is sent twice.
 */
import { sql } from 'kysely';
import type { Db } from '../db/client.js';
import { nowMs } from '../db/dialect.js';
import { stillOwes } from '../ledger/deliveries.js';
import { dueAtSql, owedSql } from '../ledger/owed.js';
import type { Logger } from '../logger.js';
import type { Queues } from '../queue/queues.js';
import { restorePendingMessages } from '../webhooks/messages.js';

export interface ReconcileDeps {
  db: Db;
  queues: Queues;
  logger: Logger;
  /** A distribution planning for less than this is left alone: its plan job is most likely running. */
  settleMs: number;
}

export interface ReconcileReport {
  plans: number;
  batches: number;
  posts: number;
}

/** What is owed, grouped by the job that takes it: an email batch, or one social delivery. */
interface OwedWork {
  distribution_id: string;
  batch: number | null;
  account_id: string | null;
  delivery_id: string;
  due: number;
}

async function owedWork(db: Db, distributionId?: string): Promise<OwedWork[]> {
  const { rows } = await sql<OwedWork>`select d.distribution_id, d.batch, d.account_id, min(d.id) as delivery_id,
        min(${dueAtSql(db, sql.ref('d.distribution_id'), 'd')}) as due
      from deliveries d join distributions t on t.id = d.distribution_id
      where t.status in ('sending', 'paused') and ${owedSql('d')} ${distributionId ? sql`and t.id = ${distributionId}` : sql``}
      group by d.distribution_id, d.batch, d.account_id, case when d.batch is null then d.id end`.execute(db.kysely);
  return rows;
}

const untilFrom = (now: number) => (at: number) => ({ delay: Math.max(0, Number(at) - now) });

/** Counts a job re-added (found in `state`) into `found`; 1 when it was re-added. */
const counter = (found: Record<string, number>) => (state: string | undefined) => {
  if (state) found[state] = (found[state] ?? 0) + 1;
  return state ? 1 : 0;
};

/**
 * Give every owed email batch and social post (of one distribution, or of all) a job, timed
 * for when its rows are next due; `found` counts the states the re-added jobs were found in.
 * A retry calls this too, for rows it made owed again after their jobs had finished.
 */
export async function restoreOwedJobs(
  { db, queues }: Pick<ReconcileDeps, 'db' | 'queues'>,
  { distributionId, found = {} }: { distributionId?: string; found?: Record<string, number> } = {},
): Promise<{ batches: number; posts: number }> {
  const restored = counter(found);
  const delayUntil = untilFrom(Date.now());
  let batches = 0;
  let posts = 0;
  for (const w of await owedWork(db, distributionId)) {
    // Asked only once the job is found gone: the rows read a moment ago may have been sent since by that very job.
    if (w.batch === null) {
      const scope = { deliveryId: w.delivery_id };
      posts += restored(await queues.ensure('social', { accountId: w.account_id!, deliveryId: w.delivery_id }, delayUntil(w.due), () => stillOwes(db, w.distribution_id, scope)));
    } else {
      const scope = { batch: Number(w.batch) };
      batches += restored(await queues.ensure('email', { distributionId: w.distribution_id, batch: scope.batch }, delayUntil(w.due), () => stillOwes(db, w.distribution_id, scope)));
    }
  }
  return { batches, posts };
}

export async function reconcile(deps: ReconcileDeps): Promise<ReconcileReport> {
  const { db, queues } = deps;
  // What each restored job was found as (missing, failed, completed…), for the log.
  const found: Record<string, number> = {};
  const restored = counter(found);
  const delayUntil = untilFrom(Date.now());

  let plans = 0;
  const planning = await db.kysely
    .selectFrom('distributions')
    .select('id')
    .where('status', '=', 'planning')
    .where('created_at', '<', sql<number>`${nowMs(db)} - ${deps.settleMs}`)
    .execute();
  for (const d of planning) plans += restored(await queues.ensure('plan', { distributionId: d.id }));
  // A schedule lives in the database too: a delayed job that Redis lost is put back for its time.
  const scheduled = await db.kysely.selectFrom('distributions').select(['id', 'send_at']).where('status', '=', 'scheduled').execute();
  for (const d of scheduled) plans += restored(await queues.ensure('plan', { distributionId: d.id }, delayUntil(Number(d.send_at))));

  const { batches, posts } = await restoreOwedJobs(deps, { found });
  const webhooks = await restorePendingMessages(deps, deps.settleMs);

  if (plans + batches + posts + webhooks > 0) deps.logger.warn({ plans, batches, posts, webhooks, found }, 'reconciler restored lost jobs');
  return { plans, batches, posts };
}
