import { describe, expect, it } from 'vitest';
import { ChannelError } from '../../../src/channels/channel.js';
import { acceptedOutcome, backoffDelay, failureOutcome, type RetryPolicy } from '../../../src/distribution/delivery-policy.js';

const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1000, maxAgeMs: 3_600_000, throttleMs: 5000 };
const row = (attempts = 0, throttled = 0) => ({ id: 'dlv_x', attempts, throttled, created_at: 0 });
const t = { startedAt: 100, finishedAt: 200, random: () => 0.5 };

describe('delivery policy', () => {
  it('records acceptance with the relay reply', () => {
    expect(acceptedOutcome(row(), { reply: '250 2.0.0 Ok: queued' }, t)).toMatchObject({ status: 'accepted', attempt: 1, code: 250 });
  });

  it('backs off exponentially with jitter between half and the whole delay', () => {
    expect(backoffDelay(policy, 1, () => 0)).toBe(500);
    expect(backoffDelay(policy, 1, () => 1)).toBe(1000);
    expect(backoffDelay(policy, 3, () => 1)).toBe(4000);
  });

  it('defers a transient failure, then gives up after the last counted attempt', () => {
    const err = new ChannelError('retry', '451 4.3.0 try later', { code: 451, enhanced: '4.3.0', reply: '451 4.3.0 try later' });
    expect(failureOutcome(row(0), err, policy, t)).toMatchObject({ status: 'deferred', attempt: 1, nextAttemptAt: 200 + 750 });
    const last = failureOutcome(row(2), err, policy, t);
    expect(last).toMatchObject({ status: 'failed', attempt: 3, reason: 'gave up after 3 attempts: 451 4.3.0 try later' });
  });

  it('does not spend attempts on rate limits', () => {
    const err = new ChannelError('rate_limited', '421 4.7.0 try again later', { code: 421, reply: '421 4.7.0 try again later' });
    const outcome = failureOutcome(row(5, 5), err, policy, t);
    expect(outcome).toMatchObject({ status: 'deferred', throttled: true, attemptOutcome: 'throttled', nextAttemptAt: 200 + 3750 }); // half fixed, half jittered
  });

  it('gives up on anything older than the maximum age', () => {
    const err = new ChannelError('rate_limited', '421', { code: 421 });
    expect(failureOutcome(row(1), err, policy, { ...t, finishedAt: 3_600_001 }).status).toBe('failed');
  });

  it('bounces a non-existent mailbox and fails other rejections without suppressing', () => {
    expect(failureOutcome(row(), new ChannelError('rejected', 'x', { code: 550, enhanced: '5.1.1', suppress: true }), policy, t).status).toBe('bounced');
    expect(failureOutcome(row(), new ChannelError('rejected', 'x', { code: 552, enhanced: '5.3.4' }), policy, t).status).toBe('failed');
  });

  it('keeps an ambiguous send owed and flags the duplicate risk', () => {
    expect(failureOutcome(row(), new ChannelError('ambiguous', 'lost'), policy, t)).toMatchObject({ status: 'ambiguous', duplicateRisk: true });
  });
});
