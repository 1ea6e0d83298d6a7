/**
 * The delivery ledger: the only writer of delivery status after planning.
 * A delivery row is the truth about one recipient; Redis only carries work in flight.
 */
import { sql } from 'kysely';
import type { Db } from '../db/client.js';
import { commitWithoutFlush, greatest, nowMs, publicFrom } from '../db/dialect.js';
import type { DeliveryStatus } from '../db/schema.js';
import { isOwed, owedStatuses } from './report.js';

export interface Outcome {
  id: string;
  status: DeliveryStatus;
  /** The attempt number this outcome records (1-based); absent when nothing was attempted. */
  attempt?: number;
  /** What the attempt saw, in a word: accepted, deferred, throttled, rejected, bounced, interrupted… */
  attemptOutcome: string;
  code?: number;
  enhanced?: string;
  reply?: string;
  reason?: string;
  /** For owed outcomes: when to try again (epoch ms). */
  nextAttemptAt?: number;
  throttled?: boolean;
  duplicateRisk?: boolean;
  startedAt: number;
  finishedAt: number;
}

/** Mark claimed rows as handed to the relay, and extend their lease. */
export async function markHandedOver(db: Db, ids: string[], owner: string, leaseMs: number): Promise<void> {
  if (ids.length === 0) return;
  const now = nowMs(db);
  await db.kysely
    .updateTable('deliveries')
    .set({ transmit_at: now, lease_until: sql`${now} + ${leaseMs}` })
    .where('id', 'in', ids)
    .where('lease_owner', '=', owner)
    .execute();
}

/**
 * Record what happened to each delivery, and its attempt, in one transaction: one
 * UPDATE for all rows (joined to a VALUES list) and one INSERT, whatever their number.
 * Single-row updates would cap a PostgreSQL server at a few thousand deliveries a second.
 */
export async function recordOutcomes(db: Db, outcomes: Outcome[], worker: string): Promise<void> {
  if (outcomes.length === 0) return;
  const rows = outcomes.map(
    (o) =>
      sql`(${o.id}, ${o.status}, ${o.attempt ?? null}, ${o.throttled ? 1 : 0}, ${o.duplicateRisk ? 1 : 0}, ${o.code ?? null},
        ${o.enhanced ?? null}, ${o.reply ?? null}, ${o.reason ?? null}, ${o.nextAttemptAt ?? null}, ${o.finishedAt},
        ${isOwed(o.status) ? null : o.finishedAt})`,
  );
  await db.kysely.transaction().execute(async (trx) => {
    // Losing these writes in a database crash is safe: each row stays marked as handed over
    // (that mark was flushed before sending), so it is resent with the same Message-ID and flagged.
    await commitWithoutFlush(db, trx);
    // Casts make the VALUES columns typed in PostgreSQL; SQLite accepts them as they are.
    await sql`with v (id, status, attempts, throttled, duplicate_risk, code, enhanced, reply, reason, next_at, updated, finished) as (
        values ${sql.join(rows)})
      update deliveries set
        status = v.status,
        attempts = coalesce(cast(v.attempts as integer), deliveries.attempts),
        throttled = deliveries.throttled + cast(v.throttled as integer),
        duplicate_risk = case when cast(v.duplicate_risk as integer) = 1 then 1 else deliveries.duplicate_risk end,
        last_code = cast(v.code as integer),
        last_enhanced = v.enhanced,
        last_reply = v.reply,
        reason = v.reason,
        next_attempt_at = coalesce(cast(v.next_at as bigint), deliveries.next_attempt_at),
        lease_owner = null,
        lease_until = null,
        transmit_at = null,
        updated_at = cast(v.updated as bigint),
        finished_at = cast(v.finished as bigint)
      from v where deliveries.id = v.id`.execute(trx);
    const attempted = outcomes.filter((o): o is Outcome & { attempt: number } => o.attempt !== undefined);
    if (attempted.length === 0) return;
    await trx
      .insertInto('delivery_attempts')
      .values(
        attempted.map((o) => ({
          delivery_id: o.id,
          attempt: o.attempt,
          started_at: o.startedAt,
          finished_at: o.finishedAt,
          outcome: o.attemptOutcome,
          code: o.code ?? null,
          enhanced: o.enhanced ?? null,
          reply: o.reply ?? null,
          worker,
        })),
      )
      .onConflict((oc) => oc.columns(['delivery_id', 'attempt']).doNothing())
      .execute();
  });
}

/**
 * Rows reclaimed after their holder died having handed the message over: record that
 * attempt as interrupted and flag the possible duplicate, keeping the lease for the resend.
 */
export async function recordInterrupted(db: Db, rows: { id: string; attempts: number }[], owner: string, worker: string, at: number): Promise<void> {
  if (rows.length === 0) return;
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('deliveries')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), duplicate_risk: 1, transmit_at: null }))
      .where('id', 'in', rows.map((r) => r.id))
      .where('lease_owner', '=', owner)
      .execute();
    await trx
      .insertInto('delivery_attempts')
      .values(
        rows.map((r) => ({
          delivery_id: r.id,
          attempt: r.attempts + 1,
          started_at: at,
          finished_at: at,
          outcome: 'interrupted',
          code: null,
          enhanced: null,
          reply: 'the sender stopped after handing the message to the relay; outcome unknown',
          worker,
        })),
      )
      .onConflict((oc) => oc.columns(['delivery_id', 'attempt']).doNothing())
      .execute();
  });
}

/** Give claimed rows back untouched (nothing was attempted), e.g. when the relay refused our login. */
export async function releaseClaims(db: Db, ids: string[], owner: string, status: 'queued' | 'deferred', nextAttemptAt: number): Promise<void> {
  if (ids.length === 0) return;
  await db.kysely
    .updateTable('deliveries')
    .set({ status, lease_owner: null, lease_until: null, next_attempt_at: nextAttemptAt })
    .where('id', 'in', ids)
    .where('lease_owner', '=', owner)
    .execute();
}

/**
 * When the batch next owes work: the earliest retry time of its owed rows, or the lease
 * expiry of rows someone else holds. Undefined when the batch owes nothing.
 */
export async function nextDueInBatch(db: Db, distributionId: string, batch: number): Promise<number | undefined> {
  const due = sql<number | null>`min(case
      when status = 'sending' then lease_until
      when variant = 'public' then ${greatest(db, sql`next_attempt_at`, publicFrom(distributionId))}
      else next_attempt_at end)`;
  const row = await db.kysely
    .selectFrom('deliveries')
    .select(due.as('due'))
    .where('distribution_id', '=', distributionId)
    .where('batch', '=', batch)
    .where('status', 'in', [...owedStatuses])
    .executeTakeFirst();
  return row?.due === null || row?.due === undefined ? undefined : Number(row.due);
}

/** Close a distribution that owes nothing more; a no-op while anything is owed. */
export async function completeIfDone(db: Db, distributionId: string): Promise<boolean> {
  const owed = sql`exists (select 1 from deliveries d where d.distribution_id = ${distributionId}
    and d.status in ('queued', 'sending', 'deferred', 'ambiguous'))`;
  const failed = sql`exists (select 1 from deliveries d where d.distribution_id = ${distributionId}
    and d.status in ('failed', 'bounced'))`;
  const now = nowMs(db);
  const result = await sql`update distributions
      set status = case when ${failed} then 'completed_with_failures' else 'completed' end,
          completed_at = ${now}, updated_at = ${now}
      where id = ${distributionId} and status = 'sending' and not ${owed}`.execute(db.kysely);
  return Number(result.numAffectedRows ?? 0) > 0;
}
