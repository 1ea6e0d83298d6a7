/**
 * Two-person approval, an organisation setting. With `approval: required`, a send or a
 * schedule waits (`awaiting_approval`) until a second person — another user, or another
 * service token — with the sender role approves it. What was approved is kept as a hash
 * of the release version, audience, channels, embargo and time: any change afterwards
 * voids the approval, and planning checks the hash again before anything is sent.
 * A token an admin gave `--approved-sends` approves its own sends (for cron), on the record.
 */
import { z } from 'zod';
import { authorize, type Actor } from '../auth/actor.js';
import { audit, stateHash } from '../auth/audit.js';
import { getOrganisation } from '../organisations/organisations.service.js';
import type { Db } from '../db/client.js';
import type { DistributionRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import { moveDistribution, recordApproval, renewApproval, voidApproval } from '../ledger/distributions.js';
import type { Queues } from '../queue/queues.js';
import { getDistribution, loadDistribution } from './distributions.repo.js';

export interface ApprovalDeps {
  db: Db;
  queues: Queues;
  clock: { now(): number };
}

type Approved = Pick<DistributionRow, 'release_id' | 'audience' | 'channels' | 'send_at'>;

/** The hash of everything an approval covers. */
export async function approvalState(db: Db, d: Approved): Promise<string> {
  const release = await db.kysely.selectFrom('releases').select(['content_hash', 'embargo_until']).where('id', '=', d.release_id).executeTakeFirstOrThrow();
  return stateHash({ release: d.release_id, contentHash: release.content_hash, audience: d.audience, channels: d.channels, sendAt: d.send_at, embargoUntil: release.embargo_until });
}

/**
 * What a new send needs: nothing (approval off), a second person (`awaiting`), or nothing
 * more because the actor's token approves its own sends — an approval that is recorded.
 */
export async function approvalAtRequest(db: Db, actor: Actor, d: Approved, now: number) {
  const required = (await getOrganisation(db, actor.orgId)).approval === 'required';
  if (required && actor.approvedSends) return { awaiting: false, approved_by: actor.person.id, approved_at: now, approved_state: await approvalState(db, d) };
  return { awaiting: required, approved_by: null, approved_at: null, approved_state: null };
}

export async function approveDistribution(deps: ApprovalDeps, actor: Actor, id: string): Promise<DistributionRow> {
  authorize(actor, 'send');
  const distribution = await getDistribution(deps.db, actor.orgId, id);
  if (distribution.status !== 'awaiting_approval') {
    throw new AppError('INVALID_STATE', `Distribution ${id} is ${distribution.status.replace(/_/g, ' ')}, not awaiting approval.`);
  }
  if (distribution.requested_by === actor.person.id) {
    throw new AppError('FORBIDDEN', `You asked for distribution ${id}; a second person with the sender role must approve it.`);
  }
  const now = deps.clock.now();
  const startsLater = distribution.send_at !== null && distribution.send_at > now;
  const approval = { by: actor.person.id, at: now, state: await approvalState(deps.db, distribution) };
  if (!(await recordApproval(deps.db, id, approval, startsLater ? 'scheduled' : 'planning'))) {
    throw new AppError('CONFLICT', `Distribution ${id} changed while it was being approved; look at it again.`);
  }
  await deps.queues.enqueue('plan', { distributionId: id }, { delay: startsLater ? distribution.send_at! - now : 0 });
  const approved = await getDistribution(deps.db, actor.orgId, id);
  await audit(deps.db, actor, { action: 'distribution.approve', object: { type: 'distribution', id }, state: approved, detail: { requestedBy: distribution.requested_by, sendAt: distribution.send_at } }, now);
  return approved;
}

/** A decline's note: said to the person who asked, so it may not be empty. */
export const DeclineNote = z.string().trim().min(1, 'Say why you decline it: the person who asked reads this').max(1000, 'Keep the note under 1000 characters');

/**
 * Decline a send awaiting approval: it is cancelled before anything is sent (it has no plan
 * job yet), and the note says to the person who asked who declined it and why.
 */
export async function declineDistribution(deps: ApprovalDeps, actor: Actor, id: string, note: string): Promise<DistributionRow> {
  authorize(actor, 'send');
  const parsed = DeclineNote.safeParse(note);
  if (!parsed.success) throw new AppError('VALIDATION', 'The note is not valid', { issues: [{ field: 'note', message: parsed.error.issues[0]!.message }] });
  const distribution = await getDistribution(deps.db, actor.orgId, id);
  if (distribution.status !== 'awaiting_approval') {
    throw new AppError('INVALID_STATE', `Distribution ${id} is ${distribution.status.replace(/_/g, ' ')}, not awaiting approval.`);
  }
  const now = deps.clock.now();
  const reason = `declined by ${actor.person.label}: ${parsed.data}`;
  if (!(await moveDistribution(deps.db, id, 'cancelled', now, { status_reason: reason, completed_at: now }, ['awaiting_approval']))) {
    throw new AppError('CONFLICT', `Distribution ${id} changed while it was being declined; look at it again.`);
  }
  const declined = await getDistribution(deps.db, actor.orgId, id);
  await audit(deps.db, actor, { action: 'distribution.decline', object: { type: 'distribution', id }, state: declined, detail: { note: parsed.data, requestedBy: distribution.requested_by } }, now);
  return declined;
}

/**
 * After a change to what a distribution sends (its time, its release's embargo): one not yet
 * started goes back for approval, unless the actor may approve its own sends, in which case
 * its approval is renewed for the new state.
 */
export async function reviewApproval(deps: ApprovalDeps, actor: Actor, id: string, change: string): Promise<void> {
  const distribution = await loadDistribution(deps.db, id);
  if (distribution.approved_state === null || !['scheduled', 'awaiting_approval'].includes(distribution.status)) return;
  const now = deps.clock.now();
  if (actor.approvedSends) {
    await renewApproval(deps.db, id, { by: actor.person.id, at: now, state: await approvalState(deps.db, distribution) });
    return;
  }
  if (await voidApproval(deps.db, id, `approval voided: ${change}`, now)) {
    await deps.queues.remove('plan', { distributionId: id });
    await audit(deps.db, actor, { action: 'distribution.approval_voided', object: { type: 'distribution', id }, detail: { change } }, now);
  }
}

/** Planning's last check: what is about to be sent is what was approved. */
export async function approvalHolds(db: Db, d: DistributionRow): Promise<boolean> {
  return d.approved_state === null || d.approved_state === (await approvalState(db, d));
}
