/**
 * The whole story of one distribution: its counts by status, over time, per list and per
 * outlet, and what happened after the relay's 250 (report-events.ts).
 */
import { authorize, type Actor } from '../auth/actor.js';
import type { Db } from '../db/client.js';
import { afterAcceptance, type AfterAcceptance } from './report-events.js';
import { timelineOf, type TimelinePoint } from './report-timeline.js';
import { distributionReport, groupCounts, type DistributionReport, type GroupCounts } from './report.js';

export interface FullReport extends DistributionReport, AfterAcceptance {
  timeline: TimelinePoint[];
  lists: GroupCounts[];
  outlets: GroupCounts[];
}

export async function fullReport(db: Db, orgId: string, id: string): Promise<FullReport> {
  const summary = await distributionReport(db, orgId, id);
  const [groups, timeline, after] = await Promise.all([groupCounts(db, orgId, id), timelineOf(db, id), afterAcceptance(db, [id])]);
  return { ...summary, timeline, ...groups, ...after };
}

export async function readFullReport(deps: { db: Db }, actor: Actor, id: string): Promise<FullReport> {
  authorize(actor, 'read');
  return fullReport(deps.db, actor.orgId, id);
}
