/**
 * The organisation's distributions as lists: every send, newest first and a page at a time,
 * and those still waiting for their time or for approval, soonest first. Each row carries
 * its release's headline, its lists by name and how far it got (deliveries done of all).
 */
import { authorize, type Actor } from '../auth/actor.js';
import type { Db } from '../db/client.js';
import type { DistributionStatus } from '../db/schema.js';
import { notFound } from '../errors.js';
import { successStatuses } from '../ledger/owed.js';
import { audienceOf } from './audience.js';

export interface DistributionSummary {
  id: string;
  releaseId: string;
  headline: string;
  status: DistributionStatus;
  statusReason: string | null;
  lists: { id: string; name: string }[];
  /** Social accounts posted from. */
  accounts: number;
  idempotencyKey: string | null;
  sendAt: number | null;
  createdAt: number;
  plannedAt: number | null;
  completedAt: number | null;
  /** Deliveries in all, and those accepted by the relay or posted. */
  total: number;
  succeeded: number;
}

function summaries(db: Db, orgId: string) {
  return db.kysely
    .selectFrom('distributions')
    .innerJoin('releases', 'releases.id', 'distributions.release_id')
    .selectAll('distributions')
    .select('releases.headline')
    .select((eb) => [
      eb.selectFrom('deliveries').whereRef('deliveries.distribution_id', '=', 'distributions.id').select((e) => e.fn.countAll<number>().as('n')).as('total'),
      eb
        .selectFrom('deliveries')
        .whereRef('deliveries.distribution_id', '=', 'distributions.id')
        .where('deliveries.status', 'in', successStatuses)
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('succeeded'),
    ])
    .where('distributions.org_id', '=', orgId);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaries>['execute']>>[number];

async function withListNames(db: Db, orgId: string, rows: SummaryRow[]): Promise<DistributionSummary[]> {
  const audiences = rows.map((r) => audienceOf(r));
  const ids = [...new Set(audiences.flatMap((a) => a.lists))];
  const lists = ids.length ? await db.kysely.selectFrom('lists').select(['id', 'name']).where('org_id', '=', orgId).where('id', 'in', ids).execute() : [];
  const names = new Map(lists.map((l) => [l.id, l.name]));
  return rows.map((r, i) => ({
    id: r.id,
    releaseId: r.release_id,
    headline: r.headline,
    status: r.status,
    statusReason: r.status_reason,
    // A list deleted since is still named by its id.
    lists: audiences[i]!.lists.map((id) => ({ id, name: names.get(id) ?? id })),
    accounts: audiences[i]!.accounts.length,
    idempotencyKey: r.idempotency_key,
    sendAt: r.send_at === null ? null : Number(r.send_at),
    createdAt: Number(r.created_at),
    plannedAt: r.planned_at === null ? null : Number(r.planned_at),
    completedAt: r.completed_at === null ? null : Number(r.completed_at),
    total: Number(r.total ?? 0),
    succeeded: Number(r.succeeded ?? 0),
  }));
}

/** Every distribution, newest first; `after` is the last id of the previous page. */
export async function listDistributions(deps: { db: Db }, actor: Actor, page: { after?: string; limit: number }): Promise<DistributionSummary[]> {
  authorize(actor, 'read');
  let query = summaries(deps.db, actor.orgId).orderBy('distributions.id', 'desc').limit(page.limit);
  // Ids sort by creation time, so the id is the cursor.
  if (page.after) query = query.where('distributions.id', '<', page.after);
  return withListNames(deps.db, actor.orgId, await query.execute());
}

/** Distributions waiting for their time or for approval, soonest first. */
export async function listScheduled(deps: { db: Db }, actor: Actor): Promise<DistributionSummary[]> {
  authorize(actor, 'read');
  const rows = await summaries(deps.db, actor.orgId).where('distributions.status', 'in', ['scheduled', 'awaiting_approval']).orderBy('distributions.send_at').execute();
  return withListNames(deps.db, actor.orgId, rows);
}

/** One distribution as the lists show it; another organisation's is not found. */
export async function readDistributionSummary(deps: { db: Db }, actor: Actor, id: string): Promise<DistributionSummary> {
  authorize(actor, 'read');
  const row = await summaries(deps.db, actor.orgId).where('distributions.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Distribution', id);
  const [summary] = await withListNames(deps.db, actor.orgId, [row]);
  return summary!;
}
