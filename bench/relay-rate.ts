/**
 * `npm run bench -- relay-rate [--count 1000] [--databases sqlite]`: one relay limited to 50
 * messages a second (SMTP_URLS `?rate=50`), `presswire serve` and two `presswire worker`
 * processes sharing its limit through Redis. An SMTP server in this process notes when each
 * message's final dot arrives; the figures are the mean rate over the run and the most
 * messages in any one-second window (sliding, not only whole seconds).
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase } from '../src/db/client.js';
import { benchEnv, createPgDatabase, removeQueues, repoRoot, seed, spawnRole, startBenchDistribution, stop } from './presswire.js';
import { discardingServer } from './discarding-server.js';
import { freePort } from './sink.js';

export interface RelayRateResult {
  database: 'sqlite' | 'postgres';
  limit: number;
  messages: number;
  /** Messages a second from the first arrival to the last. */
  meanPerSecond: number;
  /** The most messages in any window of one second. */
  maxInAnySecond: number;
  /** Arrivals per whole second of the run (the first and last partial seconds left out). */
  perWholeSecond: number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The most arrivals within any window [t, t + 1000 ms) starting at an arrival. */
function maxInAnySecond(sorted: number[]): number {
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + 1000) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

export async function benchRelayRate(o: { database: 'sqlite' | 'postgres'; count: number; limit: number; redisUrl: string; pgAdminUrl: string }): Promise<RelayRateResult> {
  const arrivals: number[] = [];
  const sink = discardingServer(() => arrivals.push(performance.timeOrigin + performance.now()));
  const sinkPort = await freePort();
  await new Promise<void>((resolve) => sink.listen(sinkPort, '127.0.0.1', resolve));
  const dataDir = mkdtempSync(join(tmpdir(), 'presswire-bench-'));
  const pgDb = o.database === 'postgres' ? await createPgDatabase(o.pgAdminUrl) : undefined;
  const db = openDatabase(pgDb ? { kind: 'postgres', url: pgDb.url } : { kind: 'sqlite', file: join(dataDir, 'presswire.db') });
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const children: ChildProcess[] = [];
  try {
    await migrate(db);
    const releaseId = await seed(db, o.count, readFileSync(join(repoRoot, 'bench/release.txt'), 'utf8'));
    const port = await freePort();
    const { SMTP_URL: _single, ...env } = benchEnv({ port, dataDir, redisUrl: o.redisUrl, prefix, sinkPort, databaseUrl: pgDb?.url });
    const relayEnv = { ...env, SMTP_URLS: `smtp://127.0.0.1:${sinkPort}?name=limited&rate=${o.limit}` };
    children.push(await spawnRole(['serve'], relayEnv));
    children.push(...(await Promise.all([spawnRole(['worker'], relayEnv), spawnRole(['worker'], relayEnv)])));
    const id = await startBenchDistribution(port, dataDir, releaseId);
    for (;;) {
      const row = await db.kysely.selectFrom('distributions').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      if (row.status.startsWith('completed')) break;
      await sleep(200);
    }
  } finally {
    await Promise.all(children.map(stop));
    await removeQueues(o.redisUrl, prefix);
    await db.close();
    await pgDb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    await new Promise<void>((resolve) => sink.close(() => resolve()));
  }
  const sorted = [...arrivals].sort((a, b) => a - b);
  const first = sorted[0]!;
  const seconds = Math.floor((sorted.at(-1)! - first) / 1000);
  const perWholeSecond = Array.from({ length: Math.max(0, seconds - 1) }, (_, s) => sorted.filter((t) => t >= first + (s + 1) * 1000 && t < first + (s + 2) * 1000).length);
  return {
    database: o.database,
    limit: o.limit,
    messages: sorted.length,
    meanPerSecond: (sorted.length - 1) / ((sorted.at(-1)! - first) / 1000),
    maxInAnySecond: maxInAnySecond(sorted),
    perWholeSecond,
  };
}

export function printRelayRate(results: RelayRateResult[]): void {
  const lines = ['', '| database | limit (msg/s) | messages | mean rate (msg/s) | off the limit | most in any 1 s | whole seconds (min–max) |', '|---|---:|---:|---:|---:|---:|---|'];
  for (const r of results) {
    const off = ((r.meanPerSecond - r.limit) / r.limit) * 100;
    lines.push(`| ${r.database} | ${r.limit} | ${r.messages} | ${r.meanPerSecond.toFixed(2)} | ${off.toFixed(1)} % | ${r.maxInAnySecond} | ${Math.min(...r.perWholeSecond)}–${Math.max(...r.perWholeSecond)} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
