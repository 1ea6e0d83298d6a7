/**
 * What happened to a distribution: counts by delivery status, what is still owed,
 * and one line per delivery. "accepted" means the relay said 250 — never "delivered".
 */
import { authorize, type Actor } from '../auth/actor.js';
import type { Db } from '../db/client.js';
import type { DeliveryKind, DeliveryStatus, DistributionStatus } from '../db/schema.js';
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
}

export async function listDeliveries(db: Db, orgId: string, distributionId: string, page: { after?: string; limit: number }): Promise<DeliveryLine[]> {
  await getDistribution(db, orgId, distributionId);
  let query = db.kysely
    .selectFrom('deliveries')
    .leftJoin('social_accounts', 'social_accounts.id', 'deliveries.account_id')
    .selectAll('deliveries')
    .select('social_accounts.network')
    .where('deliveries.distribution_id', '=', distributionId)
    .orderBy('deliveries.id')
    .limit(page.limit);
  if (page.after) query = query.where('deliveries.id', '>', page.after);
  const rows = await query.execute();
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
  }));
}

export async function readReport(deps: { db: Db }, actor: Actor, id: string): Promise<DistributionReport> {
  authorize(actor, 'read');
  return distributionReport(deps.db, actor.orgId, id);
}

export async function readDeliveries(deps: { db: Db }, actor: Actor, id: string, page: { after?: string; limit: number }): Promise<DeliveryLine[]> {
  authorize(actor, 'read');
  return listDeliveries(deps.db, actor.orgId, id, page);
}
