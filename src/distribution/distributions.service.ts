/**
 * Creating a distribution: one row (with its idempotency key) and one plan job, or
 * nothing at all. The same key with the same request returns the same distribution;
 * the same key with a different request is a conflict.
 */
import { createHash } from 'node:crypto';
import { authorize, type Actor } from '../auth/actor.js';
import { audit } from '../auth/audit.js';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/dialect.js';
import type { DistributionRow } from '../db/schema.js';
import { resolveLists } from '../contacts/contacts.service.js';
import { AppError } from '../errors.js';
import { newId } from '../ids.js';
import type { Queues } from '../queue/queues.js';
import { getRelease, type Release } from '../releases/releases.repo.js';
import { parseInstantInput } from '../time/zoned-time.js';
import { insertDistribution, withdrawDistribution } from '../ledger/distributions.js';
import { approvalAtRequest } from './approval.js';
import { channelsOf, storedAudience } from './audience.js';
import { findDistributionByKey } from './distributions.repo.js';
import { postsFor, resolveSocialChannels, socialSourceOf } from './social-plan.js';

export interface DistributionDeps {
  db: Db;
  queues: Queues;
  clock: { now(): number };
  config: { publicUrl: string };
}

export interface SendRequest {
  releaseId: string;
  /** Media lists to email. */
  lists: string[];
  /** Social accounts to post from, as `network:account` (`x:@harborlegal`). */
  channels?: string[];
  idempotencyKey?: string;
  /** When to start: an ISO instant, or a local time with its zone ("2026-03-10 09:00 America/Los_Angeles"). */
  at?: string;
  /** Send a correction to those whose copy of the release it corrects was accepted (no lists, no channels). */
  correction?: boolean;
}

export interface Created {
  distribution: DistributionRow;
  /** False when an earlier request with the same idempotency key already created it. */
  created: boolean;
}

export const IdempotencyKey = /^[\x21-\x7e]{1,200}$/;

function requestHash(releaseId: string, listIds: string[], channels: string[], sendAt: number | null): string {
  const canonical = JSON.stringify({ releaseId, lists: [...listIds].sort(), channels: [...channels].sort(), sendAt });
  return createHash('sha256').update(canonical).digest('hex');
}

function sameOrConflict(existing: DistributionRow, hash: string): Created {
  if (existing.request_hash !== hash) {
    throw new AppError(
      'CONFLICT',
      `Idempotency key already used for distribution ${existing.id} with a different request (release, lists or time differ). Use a new key for a different send.`,
    );
  }
  return { distribution: existing, created: false };
}

/** The instant a send request names, refused when it is already past. */
export function scheduledTime(at: string, now: number): number {
  const sendAt = Date.parse(parseInstantInput(at, 'at').until);
  if (sendAt <= now) {
    throw new AppError('VALIDATION', `The send time ${new Date(sendAt).toISOString()} is in the past`, { issues: [{ field: 'at', message: 'is in the past; leave it out to send now' }] });
  }
  return sendAt;
}

/** The release a correction send corrects: its audience is that release's accepted recipients, never lists. */
function correctedBy(release: Release, request: SendRequest): string {
  if (!release.corrects) {
    throw new AppError('INVALID_STATE', `Release ${release.id} is not a correction; name the lists to send it to.`, { issues: [{ field: 'correction', message: 'the release corrects no other release' }] });
  }
  if (request.lists.length || request.channels?.length) {
    throw new AppError('VALIDATION', 'A correction goes to those who received the original: name no lists or channels', { issues: [{ field: 'lists', message: 'must be empty for a correction' }] });
  }
  return release.corrects;
}

export async function createDistribution(deps: DistributionDeps, actor: Actor, request: SendRequest): Promise<Created> {
  authorize(actor, 'send');
  if (request.idempotencyKey !== undefined && !IdempotencyKey.test(request.idempotencyKey)) {
    throw new AppError('VALIDATION', 'The idempotency key is not valid', {
      issues: [{ field: 'idempotencyKey', message: 'must be 1 to 200 printable ASCII characters without spaces' }],
    });
  }
  const release = await getRelease(deps.db, actor.orgId, request.releaseId);
  if (release.translationOf) {
    throw new AppError('INVALID_STATE', `Release ${release.id} is a translation; send the release it translates (${release.translationOf}) and each journalist gets their language.`);
  }
  if (release.status !== 'finalized') {
    throw new AppError('INVALID_STATE', `Release ${release.id} is a draft. Finalize it before sending: presswire releases finalize ${release.id}`);
  }
  const corrects = request.correction ? correctedBy(release, request) : undefined;
  if (!corrects && request.lists.length === 0 && !request.channels?.length) {
    throw new AppError('VALIDATION', 'Name at least one list or social channel to send to', { issues: [{ field: 'lists', message: 'is empty, and so are channels' }] });
  }
  const lists = request.lists.length ? await resolveLists(deps.db, actor.orgId, request.lists) : [];
  const accounts = await resolveSocialChannels(deps.db, actor.orgId, request.channels ?? []);
  // Composing now turns a post that is too long (or an image too large) into a 400 naming the channel, before anything is queued.
  if (accounts.length) {
    const source = await socialSourceOf(deps.db, deps.config.publicUrl, release);
    for (const account of accounts) postsFor(account, source);
  }
  const audience = { lists: lists.map((l) => l.id), accounts: accounts.map((a) => a.id), ...(corrects ? { corrects } : {}) };
  const sendAt = request.at === undefined ? null : scheduledTime(request.at, deps.clock.now());
  const hash = requestHash(release.id, audience.lists, channelsOf(audience), sendAt);

  if (request.idempotencyKey) {
    const existing = await findDistributionByKey(deps.db, actor.orgId, request.idempotencyKey);
    if (existing) return sameOrConflict(existing, hash);
  }

  const now = deps.clock.now();
  const stored = storedAudience(audience);
  const { awaiting, ...approval } = await approvalAtRequest(deps.db, actor, { release_id: release.id, ...stored, send_at: sendAt }, now);
  const row: DistributionRow = {
    id: newId('dst'),
    org_id: actor.orgId,
    release_id: release.id,
    idempotency_key: request.idempotencyKey ?? null,
    request_hash: hash,
    ...stored,
    status: awaiting ? 'awaiting_approval' : sendAt === null ? 'planning' : 'scheduled',
    status_reason: awaiting ? 'waiting for a second person with the sender role to approve it' : null,
    requested_by: actor.person.id,
    ...approval,
    send_at: sendAt,
    created_at: now,
    updated_at: now,
    planned_at: null,
    completed_at: null,
  };
  try {
    await insertDistribution(deps.db, row);
  } catch (err) {
    const existing = request.idempotencyKey && isUniqueViolation(err) ? await findDistributionByKey(deps.db, actor.orgId, request.idempotencyKey) : undefined;
    if (existing) return sameOrConflict(existing, hash);
    throw err;
  }
  // The plan job goes in once the row is committed, so a worker never looks for a row it cannot
  // see yet. If Redis refuses, the row goes too: the caller gets a 503 and nothing half-created.
  // Awaiting approval, it has no job yet: the approval queues it.
  if (!awaiting) {
    try {
      await deps.queues.enqueue('plan', { distributionId: row.id }, { delay: sendAt === null ? 0 : sendAt - now });
    } catch (err) {
      await withdrawDistribution(deps.db, row.id);
      throw err;
    }
  }
  await audit(deps.db, actor, {
    action: awaiting ? 'distribution.request' : sendAt === null ? 'distribution.send' : 'distribution.schedule',
    object: { type: 'distribution', id: row.id },
    state: row,
    detail: { release: release.id, ...(corrects ? { corrects } : {}), lists: lists.map((l) => l.name), channels: request.channels ?? [], sendAt: sendAt === null ? null : new Date(sendAt).toISOString(), approvedSends: approval.approved_by !== null },
  }, now);
  return { distribution: row, created: true };
}
