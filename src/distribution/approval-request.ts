/**
 * A send as its approver decides on it: the same preflight the person who asked saw, who
 * asked and when, and — once decided — who approved or declined it, with the decline's note.
 */
import { authorize, type Actor } from '../auth/actor.js';
import { lastDoneTo } from '../auth/audit.js';
import type { DistributionStatus } from '../db/schema.js';
import { getDistribution } from './distributions.repo.js';
import { preflightOf, type Preflight, type PreflightDeps } from './preflight.js';

export interface Decision {
  by: string;
  at: string;
  /** A decline's note. */
  note: string | null;
}

export interface ApprovalRequest {
  id: string;
  status: DistributionStatus;
  statusReason: string | null;
  sendAt: number | null;
  requested: { by: string; at: string } | undefined;
  /** The actor asked for it, so may not approve it. */
  askedByActor: boolean;
  approved: Decision | undefined;
  declined: Decision | undefined;
  preflight: Preflight;
}

export async function readApprovalRequest(deps: PreflightDeps, actor: Actor, id: string): Promise<ApprovalRequest> {
  authorize(actor, 'read');
  const distribution = await getDistribution(deps.db, actor.orgId, id);
  const object = { type: 'distribution', id };
  const [requested, approved, declined, preflight] = await Promise.all([
    lastDoneTo(deps.db, actor, object, 'distribution.request'),
    distribution.approved_by === null ? undefined : lastDoneTo(deps.db, actor, object, 'distribution.approve'),
    lastDoneTo(deps.db, actor, object, 'distribution.decline'),
    preflightOf(deps, actor, id),
  ]);
  const decision = (d: typeof approved): Decision | undefined => d && { by: d.by, at: d.at, note: typeof d.detail?.note === 'string' ? d.detail.note : null };
  return {
    id,
    status: distribution.status,
    statusReason: distribution.status_reason,
    sendAt: distribution.send_at,
    requested: requested && { by: requested.by, at: requested.at },
    askedByActor: distribution.requested_by === actor.person.id,
    approved: decision(approved),
    declined: distribution.status === 'cancelled' ? decision(declined) : undefined,
    preflight,
  };
}
