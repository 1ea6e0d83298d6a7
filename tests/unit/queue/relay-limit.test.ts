/** The per-relay limiter against a real Redis, under a key prefix of its own. */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRelayLimiter, slotMargin } from '../../../src/queue/relay-limit.js';
import { deletePrefix, testRedisUrl, uniquePrefix } from '../../helpers/redis.js';

describe('relay limiter', () => {
  const redis = new Redis(testRedisUrl);
  const prefix = uniquePrefix();
  let n = 0;
  const fresh = (limits: { rate?: number; daily?: number }) => createRelayLimiter(redis, `${prefix}:relay-${n++}`, limits);
  afterAll(async () => {
    await deletePrefix(prefix);
    redis.disconnect();
  });

  it('spaces slots by the rate for every caller, and never puts more than the rate into any second', async () => {
    const shared = `${prefix}:shared`;
    const one = createRelayLimiter(redis, shared, { rate: 50 });
    const otherRedis = new Redis(testRedisUrl);
    const other = createRelayLimiter(otherRedis, shared, { rate: 50 });
    const start = Date.now();
    const slots = await Promise.all(Array.from({ length: 150 }, (_, i) => (i % 2 ? one : other).reserve()));
    const at = slots.map((s) => ('at' in s && s.at !== undefined ? s.at : Number.NaN)).sort((x, y) => x - y);
    expect(at.every(Number.isFinite)).toBe(true);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeCloseTo(20 * slotMargin, 2);
    for (const t of at) expect(at.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(50);
    // 150 slots at 50 a second (less the margin) take about three seconds of schedule, from the first caller's now.
    const last = slots.map((s) => ('delayMs' in s ? s.delayMs : 0)).reduce((x, y) => Math.max(x, y));
    expect(last).toBeGreaterThan(2900);
    expect(last).toBeLessThan(3100 + (Date.now() - start));
    otherRedis.disconnect();
  });

  it('refuses slots once the day’s limit is reached', async () => {
    const limiter = fresh({ daily: 3 });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await limiter.reserve());
    expect(answers.map((a) => ('exhausted' in a ? 'refused' : a.delayMs))).toEqual([0, 0, 0, 'refused', 'refused']);
  });

  it('holds both limits together', async () => {
    const limiter = fresh({ rate: 10, daily: 2 });
    const first = await limiter.reserve();
    const second = await limiter.reserve();
    expect('at' in second && 'at' in first && second.at! - first.at!).toBeCloseTo(100 * slotMargin, 2);
    expect(await limiter.reserve()).toEqual({ exhausted: true });
  });

  it('does not pace a relay without limits', async () => {
    const limiter = fresh({});
    expect((await Promise.all([limiter.reserve(), limiter.reserve()])).map((s) => 'delayMs' in s && s.delayMs)).toEqual([0, 0]);
  });
});
