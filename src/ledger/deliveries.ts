/**
 * The delivery ledger: the only code that changes a delivery row once it exists. A row is
 * the truth about one recipient (or one social post); Redis only carries work in flight.
 *
 * Every write is fenced: it touches only rows whose status allows the move (transitions.ts)
 * and, for a held row, only while the writer still holds its lease. A worker that lost its
 * lease therefore cannot overwrite what the next holder recorded.
 */
import { sql } from 'kysely';
import type { Db } from '../db/client.js';
import { commitWithoutFlush, nowMs, skipLocked } from '../db/dialect.js';
import type { DeliveryRow, DeliveryStatus } from '../db/schema.js';
import { dueAtSql, isOwed, owedSql } from './owed.js';
import { assertDeliveryMove, deliveryFrom } from './transitions.js';

/** Which rows a claim or a query is about: an email batch, or one delivery (a social post). */
export type Scope = { batch: number } | { deliveryId: string };

const scopeSql = (scope: Scope) => ('batch' in scope ? sql`batch = ${scope.batch}` : sql`id = ${scope.deliveryId}`);
const idList = (ids: string[]) => sql.join(ids.map((id) => sql`${id}`));

export interface ClaimRequest {
  distributionId: string;
  scope: Scope;
  owner: string;
  leaseMs: number;
  limit: number;
}

/**
 * Claim up to `limit` deliveries of the scope that are owed and due now — including rows
 * whose holder's lease ran out — under a lease for `owner`. One statement, so two workers
 * never claim the same row. `transmit_at` is left as it was: set on a reclaimed row, it
 * says the previous holder handed the message over and never recorded the outcome.
 */
export async function claimDue(db: Db, r: ClaimRequest): Promise<DeliveryRow[]> {
  const now = nowMs(db);
  const due = sql`distribution_id = ${r.distributionId} and ${scopeSql(r.scope)} and ${owedSql()} and ${dueAtSql(db, r.distributionId)} <= ${now}`;
  const query = sql<DeliveryRow>`update deliveries
      set status = 'sending', lease_owner = ${r.owner}, lease_until = ${now} + ${r.leaseMs}, updated_at = ${now}
      where id in (select id from deliveries where ${due} order by id limit ${r.limit} ${skipLocked(db)}) and ${due}
      returning *`;
  // A claim lost in a database crash only means nobody holds those rows: safe without a flush.
  const rows = await db.kysely.transaction().execute(async (trx) => {
    await commitWithoutFlush(db, trx);
    return (await query.execute(trx)).rows;
  });
  return rows.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Push the lease of rows this owner still holds `leaseMs` into the future; returns how many it still holds. */
export async function renewLeases(db: Db, ids: string[], owner: string, leaseMs: number): Promise<number> {
  if (ids.length === 0) return 0;
  const now = nowMs(db);
  const result = await sql`update deliveries set lease_until = ${now} + ${leaseMs}
      where id in (${idList(ids)}) and lease_owner = ${owner} and status = 'sending'`.execute(db.kysely);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Mark held rows as handed to the relay, renewing their lease; flushed before sending: a crash
 * after this may have sent them. Returns the rows still held: a worker that stalled past its
 * lease sends none of those another worker may have taken since.
 */
export async function markHandedOver(db: Db, ids: string[], owner: string, leaseMs: number): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const now = nowMs(db);
  const { rows } = await sql<{ id: string }>`update deliveries set transmit_at = ${now}, lease_until = ${now} + ${leaseMs}
      where id in (${idList(ids)}) and lease_owner = ${owner} and status = 'sending' and lease_until > ${now}
      returning id`.execute(db.kysely);
  return new Set(rows.map((r) => r.id));
}

export interface Outcome {
  id: string;
  /** What the attempt leaves the row as; giving a row back untouched is `releaseClaims`. */
  status: Exclude<DeliveryStatus, 'queued' | 'sending'>;
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
  /** A social post's id and address on its network. */
  externalId?: string;
  externalUrl?: string;
  /** The sending relay the attempt went through. */
  relay?: string;
  startedAt: number;
  finishedAt: number;
}

/**
 * Record what happened to held deliveries, and their attempts, in one transaction: one
 * UPDATE for all rows (joined to a VALUES list) and one INSERT, whatever their number.
 * Single-row updates would cap a PostgreSQL server at a few thousand deliveries a second.
 * Rows this owner no longer holds are left to their new holder.
 */
export async function recordOutcomes(db: Db, outcomes: Outcome[], owner: string): Promise<void> {
  if (outcomes.length === 0) return;
  for (const o of outcomes) assertDeliveryMove('sending', o.status);
  const rows = outcomes.map(
    (o) =>
      sql`(${o.id}, ${o.status}, ${o.attempt ?? null}, ${o.throttled ? 1 : 0}, ${o.duplicateRisk ? 1 : 0}, ${o.code ?? null},
        ${o.enhanced ?? null}, ${o.reply ?? null}, ${o.reason ?? null}, ${o.nextAttemptAt ?? null}, ${o.externalId ?? null},
        ${o.externalUrl ?? null}, ${o.finishedAt}, ${isOwed(o.status) ? null : o.finishedAt}, ${o.status === 'accepted' ? (o.relay ?? null) : null})`,
  );
  await db.kysely.transaction().execute(async (trx) => {
    // Losing these writes in a database crash is safe: each row stays marked as handed over
    // (that mark was flushed before sending), so it is resent with the same Message-ID and flagged.
    await commitWithoutFlush(db, trx);
    // Casts make the VALUES columns typed in PostgreSQL; SQLite accepts them as they are.
    const updated = await sql`with v (id, status, attempts, throttled, duplicate_risk, code, enhanced, reply, reason, next_at,
          external_id, external_url, updated, finished, relay) as (values ${sql.join(rows)})
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
        external_id = coalesce(v.external_id, deliveries.external_id),
        external_url = coalesce(v.external_url, deliveries.external_url),
        relay = coalesce(v.relay, deliveries.relay),
        lease_owner = null,
        lease_until = null,
        transmit_at = null,
        updated_at = cast(v.updated as bigint),
        finished_at = cast(v.finished as bigint)
      from v where deliveries.id = v.id and deliveries.status = 'sending' and deliveries.lease_owner = ${owner}
      returning deliveries.id`.execute(trx);
    const mine = new Set((updated.rows as { id: string }[]).map((r) => r.id));
    const attempted = outcomes.filter((o): o is Outcome & { attempt: number } => o.attempt !== undefined && mine.has(o.id));
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
          worker: owner,
          relay: o.relay ?? null,
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
export async function recordInterrupted(db: Db, rows: { id: string; attempts: number }[], owner: string, at: number): Promise<void> {
  if (rows.length === 0) return;
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('deliveries')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), duplicate_risk: 1, transmit_at: null }))
      .where('id', 'in', rows.map((r) => r.id))
      .where('lease_owner', '=', owner)
      .where('status', '=', 'sending')
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
          worker: owner,
          relay: null,
        })),
      )
      .onConflict((oc) => oc.columns(['delivery_id', 'attempt']).doNothing())
      .execute();
  });
}

/** Give held rows back untouched (nothing was attempted): on shutdown, or when the relay refused our login. */
export async function releaseClaims(db: Db, ids: string[], owner: string, status: 'queued' | 'deferred', nextAttemptAt: number): Promise<void> {
  if (ids.length === 0) return;
  assertDeliveryMove('sending', status);
  await db.kysely
    .updateTable('deliveries')
    .set({ status, lease_owner: null, lease_until: null, transmit_at: null, next_attempt_at: nextAttemptAt, updated_at: nextAttemptAt })
    .where('id', 'in', ids)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'sending')
    .execute();
}

/**
 * Cancel what is still owed and nobody is sending: waiting rows, and rows whose holder died.
 * A row held under a live lease finishes its send and records it.
 */
export async function cancelOwed(db: Db, distributionId: string, scope?: Scope): Promise<void> {
  const now = nowMs(db);
  const statuses = sql.join(deliveryFrom('cancelled').map((s) => sql.lit(s)));
  await sql`update deliveries set status = 'cancelled', lease_owner = null, lease_until = null, transmit_at = null,
        reason = case when transmit_at is null then 'distribution cancelled'
          else 'distribution cancelled; the message had been handed to the relay and may have been delivered' end,
        finished_at = ${now}, updated_at = ${now}
      where distribution_id = ${distributionId} ${scope ? sql`and ${scopeSql(scope)}` : sql``}
        and status in (${statuses}) and (status <> 'sending' or lease_until < ${now})`.execute(db.kysely);
}

/** When the scope next owes work (epoch ms), or undefined when it owes nothing. */
export async function nextDue(db: Db, distributionId: string, scope: Scope): Promise<number | undefined> {
  const { rows } = await sql<{ due: number | null }>`select min(${dueAtSql(db, distributionId)}) as due from deliveries
      where distribution_id = ${distributionId} and ${scopeSql(scope)} and ${owedSql()}`.execute(db.kysely);
  const due = rows[0]?.due;
  return due === null || due === undefined ? undefined : Number(due);
}

/** Whether the scope still owes anything, held or not. */
export async function stillOwes(db: Db, distributionId: string, scope: Scope): Promise<boolean> {
  const { rows } = await sql`select 1 from deliveries where distribution_id = ${distributionId} and ${scopeSql(scope)} and ${owedSql()} limit 1`.execute(db.kysely);
  return rows.length > 0;
}

/** Failures a retry leaves alone: those about the recipient itself, which another try cannot fix. */
export interface Unretryable {
  reasons: readonly string[];
  /** Enhanced status classes, as prefixes ("5.1."): the mailbox or the address is wrong. */
  enhancedPrefixes: readonly string[];
}

/**
 * Make failed deliveries owed again, due now: the reason and outcome of the last attempt stay
 * on the row until the next one records its own. Returns how many were re-queued.
 */
export async function requeueFailed(db: Db, distributionId: string, keep: Unretryable): Promise<number> {
  assertDeliveryMove('failed', 'queued');
  const now = nowMs(db);
  const reasons = keep.reasons.length ? sql`and coalesce(reason, '') not in (${idList([...keep.reasons])})` : sql``;
  const enhanced = sql.join(keep.enhancedPrefixes.map((p) => sql`and coalesce(last_enhanced, '') not like ${`${p}%`}`), sql` `);
  const result = await sql`update deliveries set status = 'queued', next_attempt_at = ${now}, finished_at = null, updated_at = ${now}
      where distribution_id = ${distributionId} and status = 'failed' ${reasons} ${enhanced}`.execute(db.kysely);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * What a delivery's recipient's mail system said after the relay took it: a bounce (a DSN, a
 * provider's event) or a spam complaint. Only an accepted copy moves (transitions.ts); a copy in
 * any other state keeps it, and the event is still stored beside it. Returns whether it moved.
 */
export async function recordAfterAcceptance(db: Db, id: string, to: 'bounced' | 'complained', what: { reason: string; enhanced?: string; at: number }): Promise<boolean> {
  const from = deliveryFrom(to).filter((s) => s === 'accepted');
  const result = await db.kysely
    .updateTable('deliveries')
    .set({ status: to, reason: what.reason, last_enhanced: what.enhanced ?? null, updated_at: what.at })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
