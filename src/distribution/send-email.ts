/**
 * Sending one batch of email deliveries (the `email.send-batch` job).
 *
 * Claim before send: the batch's due rows are claimed in the database with a lease,
 * so no two workers ever hold the same delivery. Each window of messages is marked
 * as handed over before it goes to the relay, and its outcomes are recorded right
 * after; a crash between the two leaves rows whose resend is flagged as a possible
 * duplicate and carries the same Message-ID.
 */
import type { Channel } from '../channels/channel.js';
import { ChannelError } from '../channels/channel.js';
import type { EmailMessage } from '../channels/email/email.channel.js';
import type { Mailbox } from '../channels/email/mime.js';
import { checkAddress } from '../contacts/address.js';
import type { Db } from '../db/client.js';
import { claimDue } from '../db/dialect.js';
import type { DeliveryRow } from '../db/schema.js';
import type { Logger } from '../logger.js';
import {
  completeIfDone,
  markHandedOver,
  nextDueInBatch,
  recordInterrupted,
  recordOutcomes,
  releaseClaims,
  type Outcome,
} from '../tracking/deliveries.repo.js';
import type { TokenSigner } from '../tracking/tokens.js';
import { acceptedOutcome, failureOutcome, type RetryPolicy } from './delivery-policy.js';
import { getDistribution } from './distributions.repo.js';
import { cancelOwed } from './schedule.js';
import { buildEmail, type MessageCache } from './email-message.js';

export interface SendDeps {
  db: Db;
  email: Channel<EmailMessage>;
  logger: Logger;
  tokens: TokenSigner;
  messages: MessageCache;
  workerId: string;
  retry: RetryPolicy;
  config: { publicUrl: string; mailFrom: Mailbox; leaseMs: number; batchSize: number; window: number };
  clock: { now(): number };
  /** True once the process is shutting down: finish the window in flight, start no other. */
  stopping(): boolean;
}

/** What the job should do next. */
export type BatchResult =
  | { kind: 'done' }
  | { kind: 'later'; at: number }
  /** The relay asked us to slow down: hold the whole email queue for `ms`. */
  | { kind: 'throttled'; ms: number; at: number }
  /** The relay refused our credentials: stop the email queue until someone fixes them. */
  | { kind: 'auth_failed'; reply: string };

export interface BatchRef {
  distributionId: string;
  batch: number;
}

async function nextStep(deps: SendDeps, ref: BatchRef): Promise<BatchResult> {
  await completeIfDone(deps.db, ref.distributionId);
  const at = await nextDueInBatch(deps.db, ref.distributionId, ref.batch);
  return at === undefined ? { kind: 'done' } : { kind: 'later', at };
}

export async function sendEmailBatch(deps: SendDeps, ref: BatchRef): Promise<BatchResult> {
  const distribution = await getDistribution(deps.db, ref.distributionId);
  if (distribution.status === 'cancelled') {
    await cancelOwed(deps.db, ref.distributionId, ref.batch);
    return { kind: 'done' };
  }
  const rows = await claimDue(deps.db, { distributionId: ref.distributionId, scope: { batch: ref.batch }, owner: deps.workerId, leaseMs: deps.config.leaseMs, limit: deps.config.batchSize * 2 });
  if (rows.length === 0) return nextStep(deps, ref);

  const now = deps.clock.now();
  const interrupted = rows.filter((r) => r.transmit_at !== null);
  await recordInterrupted(deps.db, interrupted, deps.workerId, deps.workerId, now);
  for (const r of interrupted) r.attempts += 1;

  const { sendable, settled } = await screen(deps, rows, now);
  await recordOutcomes(deps.db, settled, deps.workerId);

  for (let i = 0; i < sendable.length; i += deps.config.window) {
    const rest = () => sendable.slice(i).map((r) => r.id);
    if (deps.stopping()) {
      // Shutting down: give the unsent rows back untouched; this job comes back after the restart.
      await releaseClaims(deps.db, rest(), deps.workerId, 'queued', deps.clock.now());
      return { kind: 'later', at: deps.clock.now() };
    }
    const stop = await sendWindow(deps, sendable.slice(i, i + deps.config.window));
    if (stop) {
      await releaseClaims(deps.db, rest().slice(deps.config.window), deps.workerId, 'deferred', stop.kind === 'throttled' ? stop.at : now);
      return stop;
    }
  }
  return nextStep(deps, ref);
}

/** Rows that must not be sent: suppressed since planning, or an address that is not exactly one mailbox. */
async function screen(deps: SendDeps, rows: DeliveryRow[], now: number): Promise<{ sendable: DeliveryRow[]; settled: Outcome[] }> {
  const suppressed = new Set(
    (await deps.db.kysely.selectFrom('suppressions').select('email_key').where('email_key', 'in', rows.map((r) => r.target_key)).execute()).map((s) => s.email_key),
  );
  const sendable: DeliveryRow[] = [];
  const settled: Outcome[] = [];
  for (const row of rows) {
    const check = checkAddress(row.address);
    if (suppressed.has(row.target_key)) {
      settled.push({ id: row.id, status: 'suppressed', attemptOutcome: 'suppressed', reason: 'unsubscribed or bounced after planning', startedAt: now, finishedAt: now });
    } else if (!check.ok) {
      settled.push({ id: row.id, status: 'failed', attemptOutcome: 'invalid_address', reason: 'invalid_address', reply: `address ${check.reason}`, startedAt: now, finishedAt: now });
    } else {
      sendable.push(row);
    }
  }
  return { sendable, settled };
}

/** Send one window concurrently; returns a reason to stop the batch, if any. */
async function sendWindow(deps: SendDeps, window: DeliveryRow[]): Promise<Extract<BatchResult, { kind: 'throttled' | 'auth_failed' }> | undefined> {
  await markHandedOver(deps.db, window.map((r) => r.id), deps.workerId, deps.config.leaseMs);
  const startedAt = deps.clock.now();
  const results = await Promise.all(
    window.map(async (row) => {
      try {
        const message = await buildEmail(deps, row, new Date(startedAt));
        return { row, receipt: await deps.email.send(message) };
      } catch (err) {
        if (err instanceof ChannelError) return { row, error: err };
        throw err;
      }
    }),
  );
  const finishedAt = deps.clock.now();
  const authFailure = results.find((r) => r.error?.failure === 'auth');
  if (authFailure) {
    // Not the recipients' fault: give every row of the window back without spending an attempt.
    const unsent = results.filter((r) => !r.receipt).map((r) => r.row.id);
    await recordOutcomes(deps.db, results.filter((r) => r.receipt).map((r) => acceptedOutcome(r.row, r.receipt!, { startedAt, finishedAt })), deps.workerId);
    await releaseClaims(deps.db, unsent, deps.workerId, 'queued', finishedAt);
    return { kind: 'auth_failed', reply: authFailure.error!.details.reply ?? authFailure.error!.message };
  }
  const outcomes = results.map((r) =>
    r.receipt ? acceptedOutcome(r.row, r.receipt, { startedAt, finishedAt }) : failureOutcome(r.row, r.error!, deps.retry, { startedAt, finishedAt }),
  );
  await recordOutcomes(deps.db, outcomes, deps.workerId);
  for (const o of outcomes.filter((x) => x.status === 'failed' || x.status === 'bounced')) {
    deps.logger.warn('delivery failed', { delivery: o.id, status: o.status, reply: o.reply, reason: o.reason });
  }
  await suppressBounced(deps, window, outcomes, finishedAt);
  const throttled = outcomes.filter((o) => o.throttled);
  if (throttled.length > 0) {
    const at = Math.max(...throttled.map((o) => o.nextAttemptAt ?? finishedAt));
    return { kind: 'throttled', ms: at - finishedAt, at };
  }
  return undefined;
}

/** A mailbox that does not exist (5.1.x) is suppressed for every later distribution. */
async function suppressBounced(deps: SendDeps, window: DeliveryRow[], outcomes: Outcome[], now: number): Promise<void> {
  const bounced = outcomes.filter((o) => o.status === 'bounced');
  if (bounced.length === 0) return;
  const byId = new Map(window.map((r) => [r.id, r]));
  await deps.db.kysely
    .insertInto('suppressions')
    .values(bounced.map((o) => ({ email_key: byId.get(o.id)!.target_key, reason: 'bounced' as const, detail: o.reply ?? null, delivery_id: o.id, created_at: now })))
    .onConflict((oc) => oc.column('email_key').doNothing())
    .execute();
}
