/**
 * The shared send rate on a real Redis: unlimited until the relay complains, held at what
 * the relay accepted, halved at most once a second while complaints go on, raised by a tenth
 * per second's worth of good replies, lifted after a quiet spell; and slots paced for everyone.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createSendRate, RateMeter } from '../../src/queue/send-rate.js';
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
    expect(await rate.current()).toBeUndefined();
    expect(await rate.take(3)).toEqual([0, 0, 0]);
    expect(await rate.speedUp(100)).toBeUndefined();
  });

  it('starts at the accepted rate, halves at most once a second, never below the floor', async () => {
    const rate = fresh();
    expect(await rate.slowDown(40)).toBe(40);
    expect(await rate.slowDown(40)).toBe(40); // the same second: one cut
    await new Promise((r) => setTimeout(r, 1050));
    expect(await rate.slowDown(40)).toBe(20);
    const floor = fresh();
    expect(await floor.slowDown(0)).toBe(1);
  });

  it('rises by a tenth of each good message, and spaces slots by the rate', async () => {
    const rate = fresh();
    await rate.slowDown(10);
    expect(await rate.speedUp(10)).toBeCloseTo(11);
    const slots = await rate.take(4);
    const gaps = slots.slice(1).map((s, i) => s - slots[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(90); // 1000 / 11 ≈ 91 ms apart
    const next = await rate.take(1);
    expect(next[0]!).toBeGreaterThanOrEqual(slots[3]! + 80); // the schedule is shared: later callers queue behind
  });

  it('is lifted after a quiet spell', async () => {
    const rate = fresh(200);
    await rate.slowDown(10);
    await new Promise((r) => setTimeout(r, 250));
    expect(await rate.speedUp(1)).toBeUndefined();
    expect(await rate.current()).toBeUndefined();
  });
});

describe('rate meter', () => {
  it('estimates from what was accepted, or half of what was tried when nothing was', () => {
    let now = 0;
    const meter = new RateMeter({ now: () => now });
    meter.add(30, 20);
    expect(meter.perSecond()).toBe(20);
    now = 1500;
    meter.add(10, 0);
    expect(meter.perSecond()).toBe(5);
  });
});
