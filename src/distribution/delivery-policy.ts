/**
 * What to do about what a channel reported: the one place that turns a send result
 * into a delivery outcome (status, next attempt, giving up). Pure, so it is tested
 * without a relay.
 */
import type { ChannelError, Receipt } from '../channels/channel.js';
import type { DeliveryRow } from '../db/schema.js';
import type { Outcome, Unretryable } from '../ledger/deliveries.js';

const invalidAddress = 'invalid_address';

/**
 * Failures about the recipient, which "Retry what failed" leaves alone: an address that cannot
 * be one, and 5.1.x (no such mailbox, bad domain) — trying a 5.1.1 again only earns the same
 * refusal and hurts the sender's reputation. (A 5.1.x usually bounces and suppresses at once;
 * this also covers one recorded as failed.) Policy refusals (5.7.x) and given-up retries may
 * succeed once the sender fixed their settings or the recipient's server recovered.
 */
export const unretryable: Unretryable = { reasons: [invalidAddress], enhancedPrefixes: ['5.1.'] };

export interface RetryPolicy {
  /** Attempts that count (throttled ones do not) before a transient failure becomes `failed`. */
  maxAttempts: number;
  /** First retry delay; doubled per counted attempt, with jitter. */
  baseDelayMs: number;
  /** Give up when the first attempt is older than this, whatever the count. */
  maxAgeMs: number;
  /** How long a recipient the relay throttled waits before its next try (with jitter; the send rate drops meanwhile). */
  throttleMs: number;
}

type Attempt = Pick<DeliveryRow, 'id' | 'attempts' | 'throttled' | 'created_at'>;
interface Timing {
  startedAt: number;
  finishedAt: number;
  /** 0..1, injectable for tests; Math.random in production. */
  random?: () => number;
}

const maxDelayMs = 6 * 3600_000;

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
export function backoffDelay(policy: RetryPolicy, countedAttempts: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.baseDelayMs * 2 ** Math.max(0, countedAttempts - 1), maxDelayMs);
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/** Success: `accepted` by a relay (never "delivered"), or `posted` on a social network. */
export function acceptedOutcome(row: Attempt, receipt: Receipt, t: Timing, status: 'accepted' | 'posted' = 'accepted'): Outcome {
  const code = receipt.reply ? Number.parseInt(receipt.reply, 10) || undefined : undefined;
  return { id: row.id, status, attempt: row.attempts + 1, attemptOutcome: status, code, reply: receipt.reply, relay: receipt.relay, ...t };
}

export function failureOutcome(row: Attempt, error: ChannelError, policy: RetryPolicy, t: Timing): Outcome {
  const attempt = row.attempts + 1;
  const { code, enhanced, reply, relay } = error.details;
  const base = { id: row.id, attempt, code, enhanced, reply: reply ?? error.message, relay, startedAt: t.startedAt, finishedAt: t.finishedAt };

  if (error.failure === 'rejected') {
    return error.details.suppress
      ? { ...base, status: 'bounced', attemptOutcome: 'bounced', reason: 'address does not exist: contact suppressed' }
      : { ...base, status: 'failed', attemptOutcome: 'rejected', reason: error.message.startsWith(invalidAddress) ? invalidAddress : 'rejected by the relay' };
  }

  const throttled = error.failure === 'rate_limited';
  const counted = attempt - row.throttled - (throttled ? 1 : 0);
  const tooOld = t.finishedAt - row.created_at >= policy.maxAgeMs;
  if ((!throttled && counted >= policy.maxAttempts) || tooOld) {
    return {
      ...base,
      status: 'failed',
      attemptOutcome: error.failure,
      reason: `gave up after ${attempt} attempts: ${reply ?? error.message}`,
      duplicateRisk: error.failure === 'ambiguous' || undefined,
    };
  }
  // A network that says when to come back (X's rate-limit reset) is taken at its word.
  const random = t.random ?? Math.random;
  const delay = throttled ? (error.details.retryAfterMs ?? Math.round(policy.throttleMs / 2 + (random() * policy.throttleMs) / 2)) : backoffDelay(policy, counted, random);
  return {
    ...base,
    status: error.failure === 'ambiguous' ? 'ambiguous' : 'deferred',
    attemptOutcome: throttled ? 'throttled' : error.failure === 'ambiguous' ? 'ambiguous' : 'deferred',
    nextAttemptAt: t.finishedAt + delay,
    throttled,
    duplicateRisk: error.failure === 'ambiguous' || undefined,
  };
}
