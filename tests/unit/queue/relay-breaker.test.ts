/** The per-relay circuit breaker's states against a real Redis, shared by two callers as by two workers. */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRelayBreaker } from '../../../src/queue/relay-breaker.js';
import { deletePrefix, testRedisUrl, uniquePrefix } from '../../helpers/redis.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('relay circuit breaker', () => {
  const redis = new Redis(testRedisUrl);
  const other = new Redis(testRedisUrl);
  const prefix = uniquePrefix();
  let n = 0;
  const pair = (cooldownMs = 150, probeTimeoutMs = 10_000) => {
    const key = `${prefix}:breaker-${n++}`;
    return [createRelayBreaker(redis, key, { cooldownMs, probeTimeoutMs }), createRelayBreaker(other, key, { cooldownMs, probeTimeoutMs })] as const;
  };
  afterAll(async () => {
    await deletePrefix(prefix);
    redis.disconnect();
    other.disconnect();
  });

  it('stays closed below the threshold and opens for every worker when it is reached', async () => {
    const [one, two] = pair();
    expect(await one.failed(3)).toBe('closed');
    expect(await two.failed(3)).toBe('closed');
    expect(await one.allow()).toBe('closed');
    expect(await two.failed(3)).toBe('open');
    expect(await one.allow()).toBe('open');
    expect(await two.allow()).toBe('open');
  });

  it('opens at once for a failure whose threshold is 1 (refused connection, TLS, login)', async () => {
    const [one] = pair();
    expect(await one.failed(1)).toBe('open');
    expect(await one.allow()).toBe('open');
  });

  it('a success resets the count of failures in a row', async () => {
    const [one] = pair();
    await one.failed(2);
    await one.succeeded();
    expect(await one.failed(2)).toBe('closed');
  });

  it('after the cool-down lets exactly one probe through; its success closes the circuit', async () => {
    const [one, two] = pair();
    await one.failed(1);
    await sleep(200);
    const gates = await Promise.all([one.allow(), two.allow(), one.allow()]);
    expect(gates.filter((g) => g === 'probe')).toHaveLength(1);
    expect(gates.filter((g) => g === 'open')).toHaveLength(2);
    await (gates[1] === 'probe' ? two : one).succeeded();
    expect(await one.allow()).toBe('closed');
    expect(await two.allow()).toBe('closed');
  });

  it('a failed probe opens the circuit for another cool-down', async () => {
    const [one, two] = pair();
    await one.failed(1);
    await sleep(200);
    expect(await two.allow()).toBe('probe');
    expect(await two.failed(3)).toBe('open');
    expect(await one.allow()).toBe('open');
    await sleep(200);
    expect(await one.allow()).toBe('probe');
  });

  it('gives the probe to another caller when its sender never answered', async () => {
    const [one, two] = pair(100, 150);
    await one.failed(1);
    await sleep(150);
    expect(await one.allow()).toBe('probe');
    expect(await two.allow()).toBe('open');
    await sleep(200);
    expect(await two.allow()).toBe('probe');
  });
});
