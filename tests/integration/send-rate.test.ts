/**
 * The shared send rate on a real Redis: unlimited until the relay complains; then limited to
 * what the relay was accepting from everyone, lowered in proportion to the share of replies
 * it throttled, raised with every message accepted, lifted after a quiet spell; and its send
 * slots paced for every process at once.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createSendRate } from '../../src/queue/send-rate.js';
import { deletePrefix, testRedisUrl, uniquePrefix } from '../helpers/redis.js';

describe('send rate', () => {
  const redis = new Redis(testRedisUrl);
  const prefix = uniquePrefix();
  let n = 0;
  const fresh = (liftAfterMs = 30_000) => createSendRate(redis, `${prefix}:rate-${n++}`, { minRate: 1, liftAfterMs, idleMs: 60_000 });
  afterAll(async () => {
    await deletePrefix(prefix);
    redis.disconnect();
  });

  it('is unlimited until the relay asks to slow down', async () => {
    const rate = fresh();
    expect(await rate.record({ sentAt: Date.now(), total: 100, accepted: 100, throttled: 0 })).toBeUndefined();
    expect(await rate.current()).toBeUndefined();
    expect((await rate.take(3)).delays).toEqual([0, 0, 0]);
  });

  it('starts from what the relay accepted lately, less a share for the complaints', async () => {
    const rate = fresh();
    await rate.record({ sentAt: Date.now(), total: 60, accepted: 60, throttled: 0 });
    // 80 accepted within about a second, the last window half throttled: a quarter off.
    const limit = await rate.record({ sentAt: Date.now(), total: 40, accepted: 20, throttled: 20 });
    expect(limit).toBeGreaterThan(40); // a second boundary between the calls may fade the first count
    expect(limit).toBeLessThanOrEqual(60);
  });

  it('starts from half of what was tried when nothing was accepted, and never goes below the floor', async () => {
    const rate = fresh();
    expect(await rate.record({ sentAt: Date.now(), total: 10, accepted: 0, throttled: 10 })).toBeCloseTo(2.5, 0);
    for (let i = 0; i < 5; i++) await rate.record({ sentAt: Date.now(), total: 1, accepted: 0, throttled: 1 });
    expect(await rate.current()).toBe(1);
  });

  it('barely slows for a rare complaint, halves for a window throttled whole, and rises with acceptances', async () => {
    const rate = fresh();
    await rate.record({ sentAt: Date.now(), total: 100, accepted: 100, throttled: 0 });
    const first = (await rate.record({ sentAt: Date.now(), total: 100, accepted: 99, throttled: 1 }))!;
    const rare = (await rate.record({ sentAt: Date.now(), total: 100, accepted: 99, throttled: 1 }))!;
    expect(rare / first).toBeCloseTo(0.995, 3);
    const whole = (await rate.record({ sentAt: Date.now(), total: 10, accepted: 0, throttled: 10 }))!;
    expect(whole / rare).toBeCloseTo(0.5, 3);
    expect(await rate.record({ sentAt: Date.now(), total: 20, accepted: 20, throttled: 0 })).toBeCloseTo(whole + 2, 3);
  });

  it('does not cut again for sends made before the last cut', async () => {
    const rate = fresh();
    const before = Date.now() - 5000;
    const limit = (await rate.record({ sentAt: Date.now(), total: 10, accepted: 5, throttled: 5 }))!;
    expect(await rate.record({ sentAt: before, total: 10, accepted: 0, throttled: 10 })).toBe(limit);
  });

  it('spaces slots by the rate, for every caller', async () => {
    const rate = fresh();
    await rate.record({ sentAt: Date.now(), total: 10, accepted: 0, throttled: 10 }); // 2.5 a second: 400 ms apart
    const { delays: slots } = await rate.take(3);
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(390);
    const { delays: next } = await rate.take(1);
    expect(next[0]!).toBeGreaterThanOrEqual(slots[2]! + 390);
  });

  it('is lifted after a quiet spell', async () => {
    const rate = fresh(200);
    await rate.record({ sentAt: Date.now(), total: 10, accepted: 5, throttled: 5 });
    await new Promise((r) => setTimeout(r, 250));
    expect(await rate.record({ sentAt: Date.now(), total: 1, accepted: 1, throttled: 0 })).toBeUndefined();
    expect(await rate.current()).toBeUndefined();
  });
});
