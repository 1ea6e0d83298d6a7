/**
 * Sending one batch of email deliveries (the `email.send-batch` job), a window at a time.
 *
 * Claim before send, per window: a window's due rows are claimed in the database under a
 * short lease that this worker renews while it works on them, so a dead worker holds
 * nothing for long and a live one never loses its rows. Every message of the window is
 * built before any is handed over; the window is marked as handed over, sent at the pace
 * of the shared send rate, and its outcomes are recorded — retried until the database
 * takes them, so no send in flight is ever left without its outcome. A crash between the
 * mark and the record leaves rows whose resend is flagged as a possible duplicate and
 * carries the same Message-ID.
 */
import type { Channel } from '../channels/channel.js';
import { ChannelError } from '../channels/channel.js';
import type { EmailMessage } from '../channels/email/email.channel.js';
import type { Mailbox } from '../channels/email/mime.js';
import { checkAddress } from '../contacts/address.js';
import { suppress, suppressedAmong } from '../contacts/suppressions.js';
import type { Db } from '../db/client.js';
import type { DeliveryRow } from '../db/schema.js';
import { cancelOwed, claimDue, markHandedOver, nextDue, recordInterrupted, recordOutcomes, releaseClaims, type Outcome } from '../ledger/deliveries.js';
import { completeIfDone } from '../ledger/distributions.js';
import { holdLease } from '../ledger/lease.js';
import type { Logger } from '../logger.js';
import type { RateMeter, SendRate } from '../queue/send-rate.js';
import type { TokenSigner } from '../tracking/tokens.js';
import { acceptedOutcome, failureOutcome, type RetryPolicy } from './delivery-policy.js';
import { getDistribution } from './distributions.repo.js';
import { buildEmail, type MessageCache } from './email-message.js';

export interface SendDeps {
  db: Db;
  email: Channel<EmailMessage>;
  logger: Logger;
  tokens: TokenSigner;
  messages: MessageCache;
  workerId: string;
  retry: RetryPolicy;
  /** The send rate shared by every worker, and this process's own recent rate. */
  rate: SendRate;
  meter: RateMeter;
  config: {
    publicUrl: string;
    mailFrom: Mailbox;
    leaseMs: number;
    /** Messages claimed, marked as handed over and sent together. */
    window: number;
    /** How long to keep trying to record a window's outcomes while the database is away. */
    recordRetryMs: number;
  };
  clock: { now(): number };
  /** True once the process is shutting down: finish the window in flight, start no other. */
  stopping(): boolean;
}

/** What the job should do next. */
export type BatchResult =
  | { kind: 'done' }
  | { kind: 'later'; at: number }
  /** The relay refused our credentials: stop the email queue until someone fixes them. */
  | { kind: 'auth_failed'; reply: string };

export interface BatchRef {
  distributionId: string;
  batch: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function nextStep(deps: SendDeps, ref: BatchRef): Promise<BatchResult> {
  await completeIfDone(deps.db, ref.distributionId);
  const at = await nextDue(deps.db, ref.distributionId, { batch: ref.batch });
  return at === undefined ? { kind: 'done' } : { kind: 'later', at };
}

export async function sendEmailBatch(deps: SendDeps, ref: BatchRef): Promise<BatchResult> {
  const distribution = await getDistribution(deps.db, ref.distributionId);
  if (distribution.status === 'cancelled') {
    await cancelOwed(deps.db, ref.distributionId, { batch: ref.batch });
    return { kind: 'done' };
  }
  while (!deps.stopping()) {
    const limit = await windowSize(deps);
    const rows = await claimDue(deps.db, { distributionId: ref.distributionId, scope: { batch: ref.batch }, owner: deps.workerId, leaseMs: deps.config.leaseMs, limit });
    if (rows.length === 0) return nextStep(deps, ref);
    const stop = await sendWindow(deps, rows);
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

type Sent = { row: DeliveryRow; receipt: { reply?: string }; error?: undefined } | { row: DeliveryRow; receipt?: undefined; error: ChannelError };

async function sendWindow(deps: SendDeps, rows: DeliveryRow[]): Promise<BatchResult | undefined> {
  const lease = holdLease(deps.db, rows.map((r) => r.id), deps.workerId, deps.config.leaseMs, (err) => deps.logger.warn('could not renew a delivery lease', { err }));
  try {
    const now = deps.clock.now();
    const interrupted = rows.filter((r) => r.transmit_at !== null);
    await recordInterrupted(deps.db, interrupted, deps.workerId, now);
    for (const r of interrupted) r.attempts += 1;

    const { sendable, settled } = await screen(deps, rows, now);
    const built = await buildAll(deps, sendable, settled, now);
    await durably(deps, 'record outcomes', () => recordOutcomes(deps.db, settled, deps.workerId));
    if (built.length === 0) return undefined;

    const delays = await slots(deps, built.length);
    if (delays[0]! > 0) await sleep(delays[0]!);
    await markHandedOver(deps.db, built.map((b) => b.row.id), deps.workerId);
    const startedAt = deps.clock.now();
    const results = await Promise.all(built.map((b, i) => sendOne(deps, b, delays[i]! - delays[0]!)));
    const finishedAt = deps.clock.now();
    return await settle(deps, results, { startedAt, finishedAt });
  } finally {
    lease.stop();
  }
}

/** Rows that must not be sent: suppressed since planning, or an address that is not exactly one mailbox. */
async function screen(deps: SendDeps, rows: DeliveryRow[], now: number): Promise<{ sendable: DeliveryRow[]; settled: Outcome[] }> {
  const suppressed = await suppressedAmong(deps.db, rows.map((r) => r.target_key));
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
async function buildAll(deps: SendDeps, rows: DeliveryRow[], settled: Outcome[], now: number): Promise<Built[]> {
  const built: Built[] = [];
  for (const row of rows) {
    try {
      built.push({ row, message: await buildEmail(deps, row, new Date(now)) });
    } catch (err) {
      deps.logger.error('could not build a message', { delivery: row.id, err });
      settled.push({ id: row.id, status: 'failed', attempt: row.attempts + 1, attemptOutcome: 'unbuildable', reason: `the message could not be built: ${(err as Error).message}`, startedAt: now, finishedAt: now });
    }
  }
  return built;
}

/** Each message's delay from now, from the shared send rate; no pacing when Redis cannot say. */
async function slots(deps: SendDeps, n: number): Promise<number[]> {
  try {
    return await deps.rate.take(n);
  } catch (err) {
    deps.logger.debug('send rate unavailable; sending unpaced', { err });
    return new Array<number>(n).fill(0);
  }
}

/** Never rejects: whatever goes wrong becomes that delivery's outcome. */
async function sendOne(deps: SendDeps, b: Built, delayMs: number): Promise<Sent> {
  try {
    if (delayMs > 0) await sleep(delayMs);
    return { row: b.row, receipt: await deps.email.send(b.message) };
  } catch (err) {
    if (err instanceof ChannelError) return { row: b.row, error: err };
    // Not a failure the channel knows: it was handed over, so it may have gone. Resend with the same Message-ID, flagged.
    deps.logger.error('unexpected error while sending', { delivery: b.row.id, err });
    return { row: b.row, error: new ChannelError('ambiguous', `unexpected error while sending: ${(err as Error).message}`, { reply: String((err as Error).message) }) };
  }
}

/** Record a window's outcomes, suppress its bounces and tell the send rate how the relay answered. */
async function settle(deps: SendDeps, results: Sent[], t: { startedAt: number; finishedAt: number }): Promise<BatchResult | undefined> {
  const authFailure = results.find((r) => r.error?.failure === 'auth');
  if (authFailure) {
    // Not the recipients' fault: give every unsent row back without spending an attempt.
    await durably(deps, 'record outcomes', () => recordOutcomes(deps.db, results.flatMap((r) => (r.receipt ? [acceptedOutcome(r.row, r.receipt, t)] : [])), deps.workerId));
    await durably(deps, 'give back unsent rows', () => releaseClaims(deps.db, results.filter((r) => !r.receipt).map((r) => r.row.id), deps.workerId, 'queued', t.finishedAt));
    return { kind: 'auth_failed', reply: authFailure.error!.details.reply ?? authFailure.error!.message };
  }
  const outcomes = results.map((r) => (r.receipt ? acceptedOutcome(r.row, r.receipt, t) : failureOutcome(r.row, r.error!, deps.retry, t)));
  await durably(deps, 'record outcomes', () => recordOutcomes(deps.db, outcomes, deps.workerId));
  for (const o of outcomes.filter((x) => x.status === 'failed' || x.status === 'bounced')) {
    deps.logger.warn('delivery failed', { delivery: o.id, status: o.status, reply: o.reply, reason: o.reason });
  }
  const rows = new Map(results.map((r) => [r.row.id, r.row]));
  const bounced = outcomes.filter((o) => o.status === 'bounced');
  if (bounced.length > 0) {
    const entries = bounced.map((o) => ({ emailKey: rows.get(o.id)!.target_key, reason: 'bounced' as const, detail: o.reply ?? null, deliveryId: o.id, at: t.finishedAt }));
    await durably(deps, 'suppress bounced addresses', () => suppress(deps.db, entries));
  }
  await adaptRate(deps, outcomes);
  return undefined;
}

/** Slow down when the relay asks; speed up again while it accepts. Never fails the window. */
async function adaptRate(deps: SendDeps, outcomes: Outcome[]): Promise<void> {
  const accepted = outcomes.filter((o) => o.status === 'accepted').length;
  deps.meter.add(outcomes.length, accepted);
  try {
    if (outcomes.some((o) => o.throttled)) {
      const rate = await deps.rate.slowDown(deps.meter.perSecond());
      deps.logger.warn('relay asked us to slow down; email send rate lowered', { perSecond: Math.round(rate * 10) / 10 });
    } else if (accepted > 0) {
      await deps.rate.speedUp(accepted);
    }
  } catch (err) {
    deps.logger.debug('send rate unavailable', { err });
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
      deps.logger.warn(`could not ${what}; retrying`, { attempt, err });
      await sleep(Math.min(5000, 200 * 2 ** attempt));
    }
  }
}
