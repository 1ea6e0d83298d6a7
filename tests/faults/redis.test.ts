/**
 * Redis is only work in flight. Restarted, it is reconnected to; flushed, the jobs are
 * rebuilt from the database; away, a send is refused at once with nothing half-created;
 * evicting keys, it is refused at start-up. Each test runs a Redis of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createContext } from '../../src/context.js';
import { AppError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { startOwnRedis, type OwnRedis } from '../helpers/redis-server.js';
import { fastTimings, journalists, report, seedList, seedRelease, send, until } from '../helpers/scenario.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { startTestApp, waitForDistribution, type TestApp } from '../helpers/test-app.js';

describe.each(testDatabaseKinds())('Redis faults (%s)', (database) => {
  const sink = new SmtpSink();
  let redis: OwnRedis;
  let t: TestApp;
  let releaseId: string;
  let run = 0;

  beforeAll(async () => {
    await sink.start();
    redis = await startOwnRedis();
    t = await startTestApp({ database, smtpPort: sink.port, env: { ...fastTimings, REDIS_URL: redis.url } });
    releaseId = await seedRelease(t);
  });
  afterEach(() => {
    sink.script = {};
  });
  afterAll(async () => {
    await t?.close();
    await redis?.close();
    await sink.close();
  });

  async function startDistribution(n: number) {
    run++;
    const addresses = journalists(n, `redis${run}.example.org`);
    await seedList(t, `redis-${run}`, addresses);
    sink.script.data = () => ({ delayMs: 10 });
    const before = sink.received.length;
    const id = await send(t, releaseId, [`redis-${run}`]);
    return { id, addresses, sent: () => sink.received.length - before };
  }

  function expectOncePerRecipient(addresses: string[]) {
    const counts = sink.countByRecipient();
    for (const a of addresses) expect(counts.get(a)).toBe(1);
  }

  it('restarted mid-distribution (AOF): workers reconnect and finish without a process restart', async () => {
    const { id, addresses, sent } = await startDistribution(200);
    await sink.waitFor(() => sent() >= 40);
    await redis.kill();
    await redis.start();
    const final = await waitForDistribution(t, id, 120_000);
    expect(final.counts.accepted).toBe(200);
    expectOncePerRecipient(addresses);
  });

  it('flushed mid-distribution: the reconciler rebuilds the jobs and each journalist gets one copy', async () => {
    const { id, addresses, sent } = await startDistribution(200);
    await sink.waitFor(() => sent() >= 40);
    await redis.flushAll();
    const final = await waitForDistribution(t, id, 120_000);
    expect(final.counts.accepted).toBe(200);
    expectOncePerRecipient(addresses);
  });

  it('down when a send is requested: 503 within two seconds, nothing created', async () => {
    await seedList(t, 'while-down', journalists(3, 'down.example.org'));
    const count = async () => (await t.ctx.db.kysely.selectFrom('distributions').select('id').execute()).length;
    const before = await count();
    await redis.kill();
    try {
      const started = Date.now();
      const res = await t.api<{ code: string }>('POST', '/api/v1/distributions', { json: { releaseId, lists: ['while-down'] }, headers: { 'idempotency-key': 'while-down' } });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('UNAVAILABLE');
      expect(await count()).toBe(before);
      const health = await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(503);
    } finally {
      await redis.start();
    }
    await until(async () => (await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, (code) => code === 200);
    const id = await send(t, releaseId, ['while-down'], 'while-down');
    expect((await waitForDistribution(t, id)).counts.accepted).toBe(3);
    expect((await report(t, id)).status).toBe('completed');
  });
});

describe('a Redis that may evict keys', () => {
  let redis: OwnRedis;
  // A data directory of its own: a fixed path would hold a database migrated by another checkout.
  const dataDir = mkdtempSync(join(tmpdir(), 'presswire-eviction-'));
  beforeAll(async () => {
    redis = await startOwnRedis({ maxmemoryPolicy: 'allkeys-lru' });
  });
  afterAll(async () => {
    await redis?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const config = (extra: Record<string, string> = {}) => loadConfig({ REDIS_URL: redis.url, PRESSWIRE_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...extra });

  it('is refused at start-up, naming the setting', async () => {
    const error = await createContext(config()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CONFIG');
    expect((error as AppError).message).toMatch(/maxmemory-policy is "allkeys-lru".*noeviction.*REDIS_ALLOW_EVICTION/s);
  });

  it('is accepted with a warning when the operator says so', async () => {
    const lines: string[] = [];
    const ctx = await createContext(config({ REDIS_ALLOW_EVICTION: 'true' }), { logger: createLogger({ level: 'warn', format: 'json', write: (l) => lines.push(l) }) });
    await ctx.close();
    expect(lines.join('\n')).toContain('allkeys-lru');
  });
});
