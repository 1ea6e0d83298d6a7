/**
 * A distribution's status, written only here and only along `distributionMoves`: the
 * ledger decides when a distribution starts, pauses, reopens and ends, from its deliveries.
 */
import { sql } from 'kysely';
import type { Db } from '../db/client.js';
import { nowMs } from '../db/dialect.js';
import type { DistributionRow, DistributionStatus } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { announce, type EmitDeps } from '../webhooks/emit.js';
import { distributionCompleted } from '../webhooks/events.js';
import { owedSql } from './owed.js';
import { distributionFrom } from './transitions.js';

export async function insertDistribution(db: Db, row: DistributionRow): Promise<void> {
  await db.kysely.insertInto('distributions').values(row).execute();
}

/** Take back a distribution whose plan job could not be queued: nothing of it exists anywhere else yet. */
export async function withdrawDistribution(db: Db, id: string): Promise<void> {
  await db.kysely.deleteFrom('distributions').where('id', '=', id).where('status', 'in', ['planning', 'scheduled', 'awaiting_approval']).where('planned_at', 'is', null).execute();
}

type Extra = { status_reason?: string | null; planned_at?: number; completed_at?: number | null };

/**
 * Move a distribution to `to` if its status allows it (optionally only from `from`, a part of
 * what the table allows, to lose a race cleanly). Returns whether it moved.
 */
export async function moveDistribution(db: Db, id: string, to: DistributionStatus, now: number, extra: Extra = {}, from?: DistributionStatus[]): Promise<boolean> {
  const allowed = distributionFrom(to).filter((s) => !from || from.includes(s));
  if (allowed.length === 0) throw new Error(`distribution status cannot move from ${from?.join('/')} to ${to}`);
  const result = await db.kysely
    .updateTable('distributions')
    .set({ status: to, updated_at: now, ...extra })
    .where('id', '=', id)
    .where('status', 'in', allowed)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Every sending distribution pauses (the relay refused our login), saying why. */
export async function pauseSending(db: Db, reason: string, now: number): Promise<void> {
  await db.kysely.updateTable('distributions').set({ status: 'paused', status_reason: reason, updated_at: now }).where('status', '=', 'sending').execute();
}

/** Every paused distribution sends again; returns how many. */
export async function resumeSending(db: Db, now: number): Promise<number> {
  const result = await db.kysely.updateTable('distributions').set({ status: 'sending', status_reason: null, updated_at: now }).where('status', '=', 'paused').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A distribution not yet started (scheduled, or awaiting approval) moves to another time; false once it has started. */
export async function reschedule(db: Db, id: string, sendAt: number, now: number): Promise<boolean> {
  const result = await db.kysely
    .updateTable('distributions')
    .set({ send_at: sendAt, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['scheduled', 'awaiting_approval'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface Approval {
  by: string;
  at: number;
  /** The hash of what was approved (`approvalState`): a later change no longer matches it. */
  state: string;
}

/** Record an approval and release the distribution to `to`; false if it was no longer awaiting one. */
export async function recordApproval(db: Db, id: string, approval: Approval, to: 'scheduled' | 'planning'): Promise<boolean> {
  const result = await db.kysely
    .updateTable('distributions')
    .set({ status: to, approved_by: approval.by, approved_at: approval.at, approved_state: approval.state, status_reason: null, updated_at: approval.at })
    .where('id', '=', id)
    .where('status', '=', 'awaiting_approval')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The same approver's approval, renewed for the distribution's new state. */
export async function renewApproval(db: Db, id: string, approval: Approval): Promise<void> {
  await db.kysely.updateTable('distributions').set({ approved_by: approval.by, approved_at: approval.at, approved_state: approval.state }).where('id', '=', id).execute();
}

/** Send an approved distribution that has not started back for approval; false if it had started. */
export async function voidApproval(db: Db, id: string, reason: string, now: number): Promise<boolean> {
  const result = await db.kysely
    .updateTable('distributions')
    .set({ status: 'awaiting_approval', approved_by: null, approved_at: null, approved_state: null, status_reason: reason, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', distributionFrom('awaiting_approval'))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Close a distribution that owes nothing more, and tell the organisation's webhooks; a no-op
 * while anything is owed. Returns whether this call closed it.
 */
export async function completeIfDone(deps: EmitDeps & { logger: Logger }, distributionId: string): Promise<boolean> {
  const { db } = deps;
  const owed = sql`exists (select 1 from deliveries d where d.distribution_id = ${distributionId} and ${owedSql('d')})`;
  const failed = sql`exists (select 1 from deliveries d where d.distribution_id = ${distributionId} and d.status in ('failed', 'bounced'))`;
  const now = nowMs(db);
  const from = sql.join(distributionFrom('completed').map((s) => sql.lit(s)));
  const { rows } = await sql<{ org_id: string; release_id: string; status: string; completed_at: number }>`update distributions
      set status = case when ${failed} then 'completed_with_failures' else 'completed' end,
          completed_at = ${now}, updated_at = ${now}
      where id = ${distributionId} and status in (${from}) and not ${owed}
      returning org_id, release_id, status, completed_at`.execute(db.kysely);
  const closed = rows[0];
  if (!closed) return false;
  const counts = await db.kysely.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('distribution_id', '=', distributionId).groupBy('status').execute();
  const event = distributionCompleted({ distributionId, releaseId: closed.release_id, status: closed.status, completedAt: Number(closed.completed_at), counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])) });
  await announce(deps, closed.org_id, [event]);
  return true;
}
