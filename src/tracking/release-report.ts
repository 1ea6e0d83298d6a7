/**
 * A release across all its distributions: each one's counts, their sum, and what happened
 * after the relay's 250 over all of them (report-events.ts).
 */
import { authorize, type Actor } from '../auth/actor.js';
import type { Db } from '../db/client.js';
import type { DeliveryStatus } from '../db/schema.js';
import { allStatuses } from '../ledger/owed.js';
import { getRelease } from '../releases/releases.repo.js';
import { afterAcceptance, type AfterAcceptance } from './report-events.js';
import { distributionReport, type DistributionReport } from './report.js';

export interface ReleaseReport extends AfterAcceptance {
  releaseId: string;
  headline: string;
  distributions: DistributionReport[];
  total: number;
  counts: Record<DeliveryStatus, number>;
}

export async function readReleaseReport(deps: { db: Db }, actor: Actor, id: string): Promise<ReleaseReport> {
  authorize(actor, 'read');
  const release = await getRelease(deps.db, actor.orgId, id);
  const ids = await deps.db.kysely
    .selectFrom('distributions')
    .select('id')
    .where('org_id', '=', actor.orgId)
    .where('release_id', '=', release.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const distributions = await Promise.all(ids.map((d) => distributionReport(deps.db, actor.orgId, d.id)));
  const counts = Object.fromEntries(allStatuses.map((s) => [s, distributions.reduce((sum, d) => sum + d.counts[s], 0)])) as Record<DeliveryStatus, number>;
  return {
    releaseId: release.id,
    headline: release.content.headline,
    distributions,
    total: distributions.reduce((sum, d) => sum + d.total, 0),
    counts,
    ...(await afterAcceptance(deps.db, distributions.map((d) => d.id))),
  };
}
