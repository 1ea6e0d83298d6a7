/**
 * One measured distribution: seed N journalists and a finalized release, start
 * Presswire as a user would (`presswire start`, plus extra `presswire worker`s if asked),
 * send, and read the timings back from the delivery ledger.
 */
import type { Actor } from '../src/auth/actor.js';
import { firstOrganisation } from '../src/organisations/organisations.service.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { sql } from 'kysely';
import pg from 'pg';
import { migrate, openDatabase, type Db } from '../src/db/client.js';
import { newId } from '../src/ids.js';
import { fixedQueues } from '../src/queue/jobs.js';
import { finalizeRelease, importReleaseFile } from '../src/releases/releases.service.js';
import { freePort } from './sink.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(repoRoot, 'dist/src/cli/main.js');

export interface RunOptions {
  database: 'sqlite' | 'postgres';
  recipients: number;
  sinkPort: number;
  extraWorkers: number;
  pgAdminUrl: string;
  redisUrl: string;
}

export interface ProcessMemory {
  role: string;
  peakRssMb: number;
}

export interface RunResult {
  database: 'sqlite' | 'postgres';
  recipients: number;
  accepted: number;
  seconds: number;
  perSecond: number;
  firstMessageMs: number;
  processes: ProcessMemory[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function seed(db: Db, recipients: number, releaseSource: string): Promise<string> {
  const now = Date.now();
  const listId = newId('lst');
  const org = await firstOrganisation(db);
  const actor: Actor = { orgId: org.id, role: 'admin', via: 'token', person: { type: 'token', id: 'bench', label: 'bench' }, tokenId: null, installAdmin: true, approvedSends: false, ip: null };
  await db.kysely.insertInto('lists').values({ id: listId, org_id: org.id, name: 'bench', created_at: now }).execute();
  for (let i = 0; i < recipients; i += 1000) {
    const chunk = Array.from({ length: Math.min(1000, recipients - i) }, (_, j) => {
      const n = i + j;
      const email = `journalist${n}@outlet${n % 97}.example.org`;
      return { id: newId('ct'), org_id: org.id, email, email_key: email, name: `Journalist ${n}`, created_at: now, updated_at: now };
    });
    await db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('contacts').values(chunk).execute();
      await trx.insertInto('list_members').values(chunk.map((c) => ({ list_id: listId, contact_id: c.id, created_at: now }))).execute();
    });
  }
  const deps = { db, clock: { now: () => Date.now() } };
  const { release } = await importReleaseFile(deps, actor, { source: releaseSource, filename: 'release.txt' });
  await finalizeRelease(deps, actor, release.id);
  return release.id;
}

/** Peak resident memory of a process (Linux VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

export function spawnRole(args: string[], env: Record<string, string>): Promise<ChildProcess> {
  // BENCH_NODE_ARGS passes flags to the measured processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, cli, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('is running')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
    child.once('exit', (code) => reject(new Error(`presswire ${args[0]} exited with ${code}: ${output}`)));
  });
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export async function removeQueues(url: string, prefix: string): Promise<void> {
  for (const name of fixedQueues) {
    const queue = new Queue(name, { connection: { url }, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

export async function createPgDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `presswire_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** What a measured `presswire start` gets: the settings a relay requires and what keeps the run apart; defaults for the rest. */
export function benchEnv(o: { port: number; dataDir: string; redisUrl: string; prefix: string; sinkPort: number; databaseUrl?: string }): Record<string, string> {
  return {
    PORT: String(o.port),
    PRESSWIRE_DATA_DIR: o.dataDir,
    REDIS_URL: o.redisUrl,
    REDIS_PREFIX: o.prefix,
    SMTP_URL: `smtp://127.0.0.1:${o.sinkPort}`,
    MAIL_FROM: 'Newsroom <newsroom@presswire.example.org>',
    ORG_NAME: 'Benchmark Organisation',
    ORG_ADDRESS: '1 Example Street, Springfield',
    LOG_LEVEL: 'warn',
    ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}),
  };
}

/** Send the seeded release to the bench list through the API, as the admin; returns the distribution id. */
export async function startBenchDistribution(port: number, dataDir: string, releaseId: string): Promise<string> {
  const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/distributions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ releaseId, lists: ['bench'] }),
  });
  return ((await response.json()) as { id: string }).id;
}

export async function runDistribution(options: RunOptions, releaseSource: string): Promise<RunResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'presswire-bench-'));
  const pgDb = options.database === 'postgres' ? await createPgDatabase(options.pgAdminUrl) : undefined;
  const db = openDatabase(pgDb ? { kind: 'postgres', url: pgDb.url } : { kind: 'sqlite', file: join(dataDir, 'presswire.db') });
  const children: ChildProcess[] = [];
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  try {
    await migrate(db);
    const releaseId = await seed(db, options.recipients, releaseSource);
    const port = await freePort();
    const env = benchEnv({ port, dataDir, redisUrl: options.redisUrl, prefix, sinkPort: options.sinkPort, databaseUrl: pgDb?.url });
    children.push(await spawnRole(['start'], env));
    for (let i = 0; i < options.extraWorkers; i++) children.push(await spawnRole(['worker'], env));
    const id = await startBenchDistribution(port, dataDir, releaseId);
    for (;;) {
      const row = await db.kysely.selectFrom('distributions').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      if (row.status.startsWith('completed')) break;
      await sleep(200);
    }
    const processes = children.map((c, i) => ({ role: i === 0 ? 'presswire start' : `presswire worker ${i}`, peakRssMb: peakRssMb(c.pid!) }));
    const timing = await sql<{ created: number; completed: number; first: number; accepted: number }>`
      select d.created_at as created, d.completed_at as completed,
        (select min(finished_at) from deliveries where distribution_id = d.id and status = 'accepted') as first,
        (select count(*) from deliveries where distribution_id = d.id and status = 'accepted') as accepted
      from distributions d where d.id = ${id}`.execute(db.kysely);
    const t = timing.rows[0]!;
    const seconds = (Number(t.completed) - Number(t.created)) / 1000;
    return {
      database: options.database,
      recipients: options.recipients,
      accepted: Number(t.accepted),
      seconds,
      perSecond: Number(t.accepted) / seconds,
      firstMessageMs: Number(t.first) - Number(t.created),
      processes,
    };
  } finally {
    await Promise.all(children.map(stop));
    await removeQueues(options.redisUrl, prefix);
    await db.close();
    await pgDb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
