/**
 * Complaints flagged to an organisation's admins: beside the mail each admin receives when
 * a complaint arrives, the desk's home says how many addresses complained lately, so a run
 * of complaints is seen even when that mail was missed.
 */
import { authorize, type Actor } from '../auth/actor.js';
import type { Db } from '../db/client.js';

/** How far back the notice looks. */
export const complaintWindowMs = 30 * 86_400_000;

/** Addresses of the organisation that marked its mail as spam within the window. */
export async function recentComplaints(deps: { db: Db; clock: { now(): number } }, actor: Actor): Promise<number> {
  authorize(actor, 'admin');
  const row = await deps.db.kysely
    .selectFrom('delivery_events as e')
    .innerJoin('deliveries as d', 'd.id', 'e.delivery_id')
    .select((eb) => eb.fn.count<number>('d.target_key').distinct().as('n'))
    .where('e.org_id', '=', actor.orgId)
    .where('e.type', '=', 'complaint')
    .where('e.occurred_at', '>=', deps.clock.now() - complaintWindowMs)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
