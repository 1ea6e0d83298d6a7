/**
 * Sending one batch of email deliveries (the `email.send-batch` job), a window at a time.
 *
 * Claim before send, per window: a window's due rows are claimed in the database under a
 * short lease that this worker renews while it works on them, so a dead worker holds
 * nothing for long and a live one never loses its rows. Every message of the window is
 * built before any is handed over; the window is marked as handed over and sent at the
 * pace of the shared send rate, and each outcome is recorded as it arrives — retried until
 * the database takes it, so no send in flight is ever left without its outcome. A crash
 * between the mark and the record leaves rows whose resend is flagged as a possible
 * duplicate and carries the same Message-ID.
 */
import type { Channel } from '../channels/channel.js';
import { ChannelError } from '../channels/channel.js';
import type { EmailMessage } from '../channels/email/email.channel.js';
import type { Mailbox } from '../channels/email/mime.js';
import { checkAddress } from '../contacts/address.js';
import { suppress, suppressedAmong } from '../contacts/suppressions.js';
import { untrackedAmong } from '../contacts/tracking-off.js';
import type { Db } from '../db/client.js';
import type { DeliveryRow } from '../db/schema.js';
import { cancelOwed, claimDue, markHandedOver, nextDue, recordInterrupted, recordOutcomes, releaseClaims, type Outcome } from '../ledger/deliveries.js';
import { completeIfDone } from '../ledger/distributions.js';
import { holdLease } from '../ledger/lease.js';
import { OutcomeRecorder } from '../ledger/recorder.js';
import type { Logger } from '../logger.js';
import type { Queues } from '../queue/queues.js';
import type { SendRate, Slots } from '../queue/send-rate.js';
import type { TokenSigner } from '../tokens/tokens.js';
import { announce } from '../webhooks/emit.js';
import { deliveryAccepted } from '../webhooks/events.js';
import { acceptedOutcome, failureOutcome, type RetryPolicy } from './delivery-policy.js';
import { loadDistribution } from './distributions.repo.js';
import { buildEmail, type MessageCache, type MessageDeps } from './email-message.js';

export interface SendDeps {
  db: Db;
  email: Channel<EmailMessage>;
  logger: Logger;
  tokens: TokenSigner;
  messages: MessageCache;
  dkim: MessageDeps['dkim'];
  workerId: string;
  retry: RetryPolicy;
  /** The send rate shared by every worker. */
  rate: SendRate;
  config: {
    publicUrl: string;
    mailFrom: Mailbox;
    /** Envelope and reply domains (see email-message.ts). */
    inbound?: { bounceDomain?: string; replyDomain?: string };
    leaseMs: number;
    /** Messages claimed, marked as handed over and sent together. */
    window: number;
    /** How long to keep trying to record a window's outcomes while the database is away. */
    recordRetryMs: number;
  };
  clock: { now(): number };
  /** Where webhook events of accepted deliveries and completed distributions are queued. */
  queues: Queues;
  /** True once the process is shutting down: finish the window in flight, start no other. */
  stopping(): boolean;
}

/** What the job should do next. */
export type BatchResult =
  | { kind: 'done' }
  | { kind: 'later'; at: number }
  /** The relay refused our credentials: stop the email queue until someone fixes them. */
  | { kind: 'auth_failed'; reply: string; at: number };

export interface BatchRef {
  distributionId: string;
  batch: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function nextStep(deps: SendDeps, ref: BatchRef): Promise<BatchResult> {
  await completeIfDone(deps, ref.distributionId);
  const at = await nextDue(deps.db, ref.distributionId, { batch: ref.batch });
  return at === undefined ? { kind: 'done' } : { kind: 'later', at };
}

/**
 * Windows claimed together: one claim and one suppression check serve them all, while a dead
 * worker still holds no more than its renewed lease covered (free again in seconds).
 */
const windowsPerClaim = 4;

export async function sendEmailBatch(deps: SendDeps, ref: BatchRef): Promise<BatchResult> {
  const distribution = await loadDistribution(deps.db, ref.distributionId);
  if (distribution.status === 'cancelled') {
    await cancelOwed(deps.db, ref.distributionId, { batch: ref.batch });
    return { kind: 'done' };
  }
  while (!deps.stopping()) {
    const window = await windowSize(deps);
    const rows = await claimDue(deps.db, { distributionId: ref.distributionId, scope: { batch: ref.batch }, owner: deps.workerId, leaseMs: deps.config.leaseMs, limit: window * windowsPerClaim });
    if (rows.length === 0) return nextStep(deps, ref);
    const stop = await sendClaimed(deps, distribution.org_id, rows, window);
    if (stop) return stop;
  }
  // Shutting down between windows: nothing is held, and this job comes back after the restart.
  return { kind: 'later', at: deps.clock.now() };
}

/** A full window, or about a second's worth of messages while the relay has us slowed down. */
async function windowSize(deps: SendDeps): Promise<number> {
  const rate = await deps.rate.current().catch(() => undefined);
  return rate === undefined ? deps.config.window : Math.max(1, Math.min(deps.config.window, Math.ceil(rate)));
}

interface Built {
  row: DeliveryRow;
  message: EmailMessage;
}

interface Sent {
  row: DeliveryRow;
  receipt?: { reply?: string };
  error?: ChannelError;
  startedAt: number;
  finishedAt: number;
}

/** Send claimed rows a window at a time, under one lease renewed until every row is recorded or given back. */
async function sendClaimed(deps: SendDeps, orgId: string, rows: DeliveryRow[], window: number): Promise<BatchResult | undefined> {
  const lease = holdLease(deps.db, rows.map((r) => r.id), deps.workerId, deps.config.leaseMs, (err) => deps.logger.warn({ err }, 'could not renew a delivery lease'));
  const recorder = new OutcomeRecorder((batch) => durably(deps, 'record outcomes', () => recordOutcomes(deps.db, batch, deps.workerId)));
  try {
    const now = deps.clock.now();
    const interrupted = rows.filter((r) => r.transmit_at !== null);
    await recordInterrupted(deps.db, interrupted, deps.workerId, now);
    for (const r of interrupted) r.attempts += 1;
    const { sendable, settled } = await screen(deps, orgId, rows, now);
    for (const o of settled) recorder.add(o);
    await recorder.flushed();

    for (let i = 0; i < sendable.length; i += window) {
      const rest = () => sendable.slice(i).map((r) => r.id);
      if (deps.stopping()) {
        // Shutting down: the rows not yet sent go back untouched; this job comes back after the restart.
        await releaseClaims(deps.db, rest(), deps.workerId, 'queued', deps.clock.now());
        return { kind: 'later', at: deps.clock.now() };
      }
      const stop = await sendWindow(deps, orgId, sendable.slice(i, i + window), recorder);
      if (stop) {
        await durably(deps, 'give back unsent rows', () => releaseClaims(deps.db, rest().slice(window), deps.workerId, 'queued', deps.clock.now()));
        return stop;
      }
    }
    return undefined;
  } finally {
    lease.stop();
  }
}

/** Build every message of the window, mark them handed over, send them at their slots, record each outcome. */
async function sendWindow(deps: SendDeps, orgId: string, rows: DeliveryRow[], recorder: OutcomeRecorder): Promise<BatchResult | undefined> {
  const now = deps.clock.now();
  const failedToBuild: Outcome[] = [];
  const built = await buildAll(deps, orgId, rows, failedToBuild, now);
  for (const o of failedToBuild) recorder.add(o, true);
  if (built.length === 0) return recorder.flushed().then(() => undefined);

  const { delays, at: sentAt } = await slots(deps, built.length);
  if (delays[0]! > 0) await sleep(delays[0]!);
  const held = await markHandedOver(deps.db, built.map((b) => b.row.id), deps.workerId, deps.config.leaseMs);
  if (held.size < built.length) deps.logger.warn({ lost: built.length - held.size }, 'lease lost before sending; those rows are left to the worker that holds them');
  const handed = built.filter((b) => held.has(b.row.id));
  const outcomes: Outcome[] = [];
  const results = await Promise.all(
    handed.map(async (b, i) => {
      const sent = await sendOne(deps, b, delays[i]! - delays[0]!);
      // A refused login is nobody's outcome: those rows are given back below.
      if (sent.error?.failure !== 'auth') {
        const outcome = outcomeOf(deps, sent);
        outcomes.push(outcome);
        recorder.add(outcome, outcome.status === 'bounced' || outcome.status === 'failed');
      }
      return sent;
    }),
  );
  await recorder.flushed();
  return afterWindow(deps, orgId, results, outcomes, sentAt);
}

/** Rows that must not be sent: suppressed since planning, or an address that is not exactly one mailbox. */
async function screen(deps: SendDeps, orgId: string, rows: DeliveryRow[], now: number): Promise<{ sendable: DeliveryRow[]; settled: Outcome[] }> {
  const suppressed = await suppressedAmong(deps.db, orgId, rows.map((r) => r.target_key));
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

/** Build every message before any is handed over; one that cannot be built fails alone, with the reason. */
async function buildAll(deps: SendDeps, orgId: string, rows: DeliveryRow[], settled: Outcome[], now: number): Promise<Built[]> {
  const built: Built[] = [];
  const untracked = await untrackedAmong(deps.db, rows.map((r) => r.contact_id));
  for (const row of rows) {
    try {
      const message = await buildEmail(deps, row, new Date(now), row.contact_id !== null && untracked.has(row.contact_id));
      built.push({ row, message: { ...message, orgId } });
    } catch (err) {
      deps.logger.error({ delivery: row.id, err }, 'could not build a message');
      settled.push({ id: row.id, status: 'failed', attempt: row.attempts + 1, attemptOutcome: 'unbuildable', reason: `the message could not be built: ${(err as Error).message}`, startedAt: now, finishedAt: now });
    }
  }
  return built;
}

/** Each message's send slot, from the shared send rate; no pacing when Redis cannot say. */
async function slots(deps: SendDeps, n: number): Promise<Slots> {
  try {
    return await deps.rate.take(n);
  } catch (err) {
    deps.logger.debug({ err }, 'send rate unavailable; sending unpaced');
    return { delays: new Array<number>(n).fill(0), at: deps.clock.now() };
  }
}

/** Never rejects: whatever goes wrong becomes that delivery's outcome. */
async function sendOne(deps: SendDeps, b: Built, delayMs: number): Promise<Sent> {
  if (delayMs > 0) await sleep(delayMs);
  const startedAt = deps.clock.now();
  try {
    const receipt = await deps.email.send(b.message);
    return { row: b.row, receipt, startedAt, finishedAt: deps.clock.now() };
  } catch (err) {
    const finishedAt = deps.clock.now();
    if (err instanceof ChannelError) return { row: b.row, error: err, startedAt, finishedAt };
    // Not a failure the channel knows: it was handed over, so it may have gone. Resend with the same Message-ID, flagged.
    deps.logger.error({ delivery: b.row.id, err }, 'unexpected error while sending');
    return { row: b.row, error: new ChannelError('ambiguous', `unexpected error while sending: ${(err as Error).message}`, { reply: String((err as Error).message) }), startedAt, finishedAt };
  }
}

function outcomeOf(deps: SendDeps, sent: Sent): Outcome {
  const t = { startedAt: sent.startedAt, finishedAt: sent.finishedAt };
  return sent.receipt ? acceptedOutcome(sent.row, sent.receipt, t) : failureOutcome(sent.row, sent.error!, deps.retry, t);
}

/** With every outcome recorded: give back what a refused login stopped, suppress bounces, tell webhooks, adapt the send rate. */
async function afterWindow(deps: SendDeps, orgId: string, results: Sent[], outcomes: Outcome[], sentAt: number): Promise<BatchResult | undefined> {
  const authFailure = results.find((r) => r.error?.failure === 'auth');
  if (authFailure) {
    // Not the recipients' fault: every row the login stopped goes back without spending an attempt.
    const stopped = results.filter((r) => r.error?.failure === 'auth').map((r) => r.row.id);
    await durably(deps, 'give back unsent rows', () => releaseClaims(deps.db, stopped, deps.workerId, 'queued', deps.clock.now()));
    return { kind: 'auth_failed', reply: authFailure.error!.details.reply ?? authFailure.error!.message, at: authFailure.startedAt };
  }
  for (const o of outcomes.filter((x) => x.status === 'failed' || x.status === 'bounced')) {
    deps.logger.warn({ delivery: o.id, status: o.status, reply: o.reply, reason: o.reason }, 'delivery failed');
  }
  const rows = new Map(results.map((r) => [r.row.id, r.row]));
  const bounced = outcomes.filter((o) => o.status === 'bounced');
  if (bounced.length > 0) {
    const entries = bounced.map((o) => ({ emailKey: rows.get(o.id)!.target_key, reason: 'bounced' as const, detail: o.reply ?? null, deliveryId: o.id, at: o.finishedAt }));
    await durably(deps, 'suppress bounced addresses', () => suppress(deps.db, orgId, entries));
  }
  const accepted = outcomes.filter((o) => o.status === 'accepted').map((o) => ({ deliveryId: o.id, distributionId: rows.get(o.id)!.distribution_id, recipient: rows.get(o.id)!.address, at: o.finishedAt }));
  await announce(deps, orgId, deliveryAccepted(accepted));
  await adaptRate(deps, outcomes, sentAt);
  return undefined;
}

/** Tell the shared send rate how the relay answered: it slows down or speeds up. Never fails the window. */
async function adaptRate(deps: SendDeps, outcomes: Outcome[], sentAt: number): Promise<void> {
  const throttled = outcomes.filter((o) => o.throttled).length;
  const replies = { sentAt, total: outcomes.length, accepted: outcomes.filter((o) => o.status === 'accepted').length, throttled };
  try {
    const rate = await deps.rate.record(replies);
    if (throttled > 0) deps.logger.warn({ perSecond: Math.round((rate ?? 0) * 10) / 10, throttled, of: replies.total }, 'relay asked us to slow down; email send rate lowered');
  } catch (err) {
    deps.logger.debug({ err }, 'send rate unavailable');
  }
}

/**
 * Keep trying a write the window's truth depends on while the database is away (restarting,
 * failing over), for up to `recordRetryMs`: giving up would leave sends without outcomes.
 */
async function durably(deps: SendDeps, what: string, write: () => Promise<void>): Promise<void> {
  const deadline = deps.clock.now() + deps.config.recordRetryMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (deps.clock.now() >= deadline) throw err;
      deps.logger.warn({ attempt, err }, `could not ${what}; retrying`);
      await sleep(Math.min(5000, 200 * 2 ** attempt));
    }
  }
}
