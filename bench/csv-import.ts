/**
 * One measured media-list import, in a process of its own so that the peak RSS is the
 * import's (`npm run bench -- csv` runs one per database): write a CSV of N MB, serve the
 * API from this process on a free port, upload the file over HTTP, and print one JSON
 * line: time, peak RSS and the longest event-loop stall (the longest a /healthz request or
 * a send in this process could have waited).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/api/app.js';
import { registerAdminToken } from '../src/auth/api-tokens.js';
import { loadConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { createPgDatabase, removeQueues } from './presswire.js';

export interface CsvImportResult {
  database: 'sqlite' | 'postgres';
  megabytes: number;
  rows: number;
  imported: number;
  seconds: number;
  peakRssMb: number;
  longestStallMs: number;
}

/** A media list like the ones people export: eight columns, about 110 bytes a row. */
function writeMediaList(file: string, megabytes: number): number {
  const fd = openSync(file, 'w');
  writeSync(fd, 'Email,Name,Outlet,Title,Beat,City,State,Country\n');
  let rows = 0;
  while (statSync(file).size < megabytes * 1024 * 1024) {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++, rows++) {
      lines.push(`journalist${rows}@outlet${rows % 997}.example.org,Journalist ${rows},The Outlet ${rows % 997},Staff Reporter,Courts,San Diego,CA,US\n`);
    }
    writeSync(fd, lines.join(''));
  }
  closeSync(fd);
  return rows;
}

async function measure(database: 'sqlite' | 'postgres', megabytes: number, redisUrl: string, pgAdminUrl: string): Promise<CsvImportResult> {
  const dir = mkdtempSync(join(tmpdir(), 'presswire-bench-csv-'));
  const file = join(dir, 'media-list.csv');
  const rows = writeMediaList(file, megabytes);
  const pg = database === 'postgres' ? await createPgDatabase(pgAdminUrl) : undefined;
  const prefix = `bench-csv-${randomBytes(4).toString('hex')}`;
  const config = loadConfig({ PRESSWIRE_DATA_DIR: dir, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', ...(pg ? { DATABASE_URL: pg.url } : {}) });
  const ctx = await createContext(config);
  const token = `pw_bench_${randomBytes(12).toString('hex')}`;
  await registerAdminToken(ctx.db, token);
  const app = await buildApp(ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    const started = performance.now();
    const res = await fetch(`${base}/api/v1/lists/bench/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: createReadStream(file),
      duplex: 'half',
    } as RequestInit);
    const report = (await res.json()) as { imported?: number; detail?: string };
    const seconds = (performance.now() - started) / 1000;
    stalls.disable();
    if (!res.ok) throw new Error(`import answered ${res.status}: ${report.detail}`);
    return {
      database,
      megabytes,
      rows,
      imported: report.imported ?? 0,
      seconds,
      // ru_maxrss is in kilobytes on Linux.
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      longestStallMs: stalls.max / 1e6,
    };
  } finally {
    await app.close();
    await ctx.close();
    await removeQueues(redisUrl, prefix);
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'sqlite' },
    megabytes: { type: 'string', default: '60' },
  },
});
const result = await measure(
  values.database as 'sqlite' | 'postgres',
  Number(values.megabytes),
  process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
);
process.stdout.write(`${JSON.stringify(result)}\n`);
