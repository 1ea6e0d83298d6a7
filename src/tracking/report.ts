/**
 * What happened to a distribution: counts by delivery status, what is still owed,
 * and one line per delivery. "accepted" means the relay said 250 — never "delivered".
 */
import { sql } from 'kysely';
import { authorize, type Actor } from '../auth/actor.js';
import type { Db } from '../db/client.js';
import { nowMs } from '../db/dialect.js';
import type { DeliveryKind, DeliveryStatus, DistributionStatus } from '../db/schema.js';
import { audienceOf } from '../distribution/audience.js';
import { getDistribution } from '../distribution/distributions.repo.js';
import { allStatuses, isOwed, owedStatuses } from '../ledger/owed.js';
import { finishedDistribution } from '../ledger/transitions.js';

export interface DistributionReport {
  id: string;
  releaseId: string;
  status: DistributionStatus;
  statusReason: string | null;
  total: number;
  owed: number;
  /** True when no delivery is owed and the distribution will not change by itself. */
  done: boolean;
  counts: Record<DeliveryStatus, number>;
  /** Deliveries that may have reached their recipient twice (a reply was lost); both copies share a Message-ID. */
  possibleDuplicates: number;
  createdAt: string;
  completedAt: string | null;
}

export async function distributionReport(db: Db, orgId: string, id: string): Promise<DistributionReport> {
  const distribution = await getDistribution(db, orgId, id);
  const rows = await db.kysely
    .selectFrom('deliveries')
    .select(['status'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('distribution_id', '=', id)
    .groupBy('status')
    .execute();
  const counts = Object.fromEntries(allStatuses.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
  for (const r of rows) counts[r.status] = Number(r.n);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const flagged = await db.kysely
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('distribution_id', '=', id)
    .where('duplicate_risk', '=', 1)
    .executeTakeFirstOrThrow();
  const owed = owedStatuses.reduce((sum, s) => sum + counts[s], 0);
  return {
    id: distribution.id,
    releaseId: distribution.release_id,
    status: distribution.status,
    statusReason: distribution.status_reason,
    total,
    owed,
    done: finishedDistribution(distribution.status),
    counts,
    possibleDuplicates: Number(flagged.n),
    createdAt: new Date(distribution.created_at).toISOString(),
    completedAt: distribution.completed_at === null ? null : new Date(distribution.completed_at).toISOString(),
  };
}

export interface DeliveryLine {
  id: string;
  kind: DeliveryKind;
  /** `email`, or the social network that posts it. */
  channel: string;
  address: string;
  name: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastCode: number | null;
  lastEnhanced: string | null;
  lastReply: string | null;
  reason: string | null;
  messageId: string;
  possibleDuplicate: boolean;
  /** A social post's address on its network. */
  url: string | null;
  /** The sending relay that took an email delivery. */
  relay: string | null;
  /** The contact's outlet, as it is now. */
  outlet: string | null;
  /** The distribution's lists the contact is on (by name), as they are now. */
  lists: string[];
  /** The recipient's own code in an embargoed copy (leak tracing). */
  referenceCode: string | null;
  finishedAt: string | null;
}

/** Which deliveries a page is about, and where it starts. */
export interface DeliveryQuery {
  after?: string;
  limit: number;
  status?: DeliveryStatus;
  /** A list id: its members only. */
  list?: string;
  /** An outlet, ignoring case. */
  outlet?: string;
  kind?: DeliveryKind;
}

export async function listDeliveries(db: Db, orgId: string, distributionId: string, page: DeliveryQuery): Promise<DeliveryLine[]> {
  const distribution = await getDistribution(db, orgId, distributionId);
  let query = db.kysely
    .selectFrom('deliveries')
    .leftJoin('social_accounts', 'social_accounts.id', 'deliveries.account_id')
    .leftJoin('contacts', 'contacts.id', 'deliveries.contact_id')
    .selectAll('deliveries')
    .select(['social_accounts.network', 'contacts.outlet'])
    .where('deliveries.distribution_id', '=', distributionId)
    .orderBy('deliveries.id')
    .limit(page.limit);
  if (page.after) query = query.where('deliveries.id', '>', page.after);
  if (page.status) query = query.where('deliveries.status', '=', page.status);
  if (page.kind) query = query.where('deliveries.kind', '=', page.kind);
  if (page.outlet) query = query.where(sql<string>`lower(contacts.outlet)`, '=', page.outlet.toLowerCase());
  if (page.list) {
    const list = page.list;
    query = query.where('deliveries.contact_id', 'in', (eb) => eb.selectFrom('list_members').select('contact_id').where('list_id', '=', list));
  }
  const rows = await query.execute();
  const listsOf = await listNamesOf(db, audienceOf(distribution).lists, rows.map((r) => r.contact_id).filter((id): id is string => id !== null));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    channel: r.network ?? 'email',
    address: r.address,
    name: r.recipient_name,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: isOwed(r.status) ? new Date(r.next_attempt_at).toISOString() : null,
    lastCode: r.last_code,
    lastEnhanced: r.last_enhanced,
    lastReply: r.last_reply,
    reason: r.reason,
    messageId: r.message_id,
    possibleDuplicate: r.duplicate_risk === 1,
    url: r.external_url,
    relay: r.relay,
    outlet: r.outlet,
    lists: (r.contact_id && listsOf.get(r.contact_id)) || [],
    referenceCode: r.reference_code,
    finishedAt: r.finished_at === null ? null : new Date(Number(r.finished_at)).toISOString(),
  }));
}

/** For each contact, the names of those of `listIds` it is on. */
async function listNamesOf(db: Db, listIds: string[], contactIds: string[]): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  if (listIds.length === 0 || contactIds.length === 0) return names;
  const rows = await db.kysely
    .selectFrom('list_members')
    .innerJoin('lists', 'lists.id', 'list_members.list_id')
    .select(['list_members.contact_id', 'lists.name'])
    .where('list_members.list_id', 'in', listIds)
    .where('list_members.contact_id', 'in', contactIds)
    .orderBy('lists.name')
    .execute();
  for (const r of rows) names.set(r.contact_id, [...(names.get(r.contact_id) ?? []), r.name]);
  return names;
}

/** Deliveries by status within one group of recipients (a list, an outlet). */
export interface GroupCounts {
  name: string;
  total: number;
  counts: Partial<Record<DeliveryStatus, number>>;
}

/** Email deliveries counted per list of the distribution and per outlet: a recipient on two lists counts in both. */
export async function groupCounts(db: Db, orgId: string, distributionId: string): Promise<{ lists: GroupCounts[]; outlets: GroupCounts[] }> {
  const distribution = await getDistribution(db, orgId, distributionId);
  const listIds = audienceOf(distribution).lists;
  const byList = listIds.length
    ? await db.kysely
        .selectFrom('deliveries')
        .innerJoin('list_members', 'list_members.contact_id', 'deliveries.contact_id')
        .innerJoin('lists', 'lists.id', 'list_members.list_id')
        .select(['lists.name as name', 'deliveries.status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('deliveries.distribution_id', '=', distributionId)
        .where('deliveries.kind', '=', 'email')
        .where('lists.id', 'in', listIds)
        .groupBy(['lists.name', 'deliveries.status'])
        .execute()
    : [];
  const byOutlet = await db.kysely
    .selectFrom('deliveries')
    .innerJoin('contacts', 'contacts.id', 'deliveries.contact_id')
    .select(['contacts.outlet as name', 'deliveries.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('deliveries.distribution_id', '=', distributionId)
    .where('deliveries.kind', '=', 'email')
    .where('contacts.outlet', 'is not', null)
    .groupBy(['contacts.outlet', 'deliveries.status'])
    .execute();
  return { lists: grouped(byList), outlets: grouped(byOutlet) };
}

function grouped(rows: { name: string | null; status: DeliveryStatus; n: number }[]): GroupCounts[] {
  const groups = new Map<string, GroupCounts>();
  for (const r of rows) {
    const name = r.name ?? '';
    const group = groups.get(name) ?? { name, total: 0, counts: {} };
    group.counts[r.status] = Number(r.n);
    group.total += Number(r.n);
    groups.set(name, group);
  }
  return [...groups.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
}

/** How many deliveries reached an outcome over the last `windowMs`, per second: the pace of a send under way. */
export async function recentRate(db: Db, distributionId: string, windowMs = 10_000): Promise<number> {
  const row = await db.kysely
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('distribution_id', '=', distributionId)
    .where('finished_at', '>', sql<number>`${nowMs(db)} - ${windowMs}`)
    .executeTakeFirstOrThrow();
  return (Number(row.n) * 1000) / windowMs;
}

export async function readReport(deps: { db: Db }, actor: Actor, id: string): Promise<DistributionReport> {
  authorize(actor, 'read');
  return distributionReport(deps.db, actor.orgId, id);
}

export async function readDeliveries(deps: { db: Db }, actor: Actor, id: string, page: DeliveryQuery): Promise<DeliveryLine[]> {
  authorize(actor, 'read');
  return listDeliveries(deps.db, actor.orgId, id, page);
}

export interface Progress {
  report: DistributionReport;
  /** Outcomes per second over the last few seconds. */
  perSecond: number;
}

/** The report with the pace of a send under way, for the live view. */
export async function readProgress(deps: { db: Db }, actor: Actor, id: string): Promise<Progress> {
  const report = await readReport(deps, actor, id);
  return { report, perSecond: report.done ? 0 : await recentRate(deps.db, id) };
}
