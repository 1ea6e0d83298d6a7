/**
 * Kill-to-resume: how long a distribution stalls when `presswire start` is SIGKILLed
 * mid-send and restarted at once on the same data, with every recovery setting at its
 * default (leases, queue locks, stalled checks, reconciler). See bench/README.md.
 *
 *   npm run build && node dist/bench/recovery.js                      # SQLite and PostgreSQL
 *   node dist/bench/recovery.js --databases sqlite --recipients 300 --kill-after 60
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ChildProcess } from 'node:child_process';
import { migrate, openDatabase } from '../src/db/client.js';
import { SmtpSink } from '../tests/helpers/smtp-sink.js';
import { benchEnv, createPgDatabase, removeQueues, repoRoot, seed, spawnRole, startBenchDistribution, stop } from './presswire.js';
import { freePort } from './sink.js';

const { values } = parseArgs({
  options: {
    databases: { type: 'string', default: 'sqlite,postgres' },
    recipients: { type: 'string', default: '300' },
    'kill-after': { type: 'string', default: '60' },
    'timeout-s': { type: 'string', default: '600' },
  },
});
const recipients = Number(values.recipients);
const killAfter = Number(values['kill-after']);
const timeoutMs = Number(values['timeout-s']) * 1000;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const pgAdminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Recovery {
  database: string;
  acceptedAtKill: number;
  /** Kill → the restarted process says it is running. */
  restartS: number;
  /** Kill → the first message the relay accepts from the restarted process. */
  firstAfterS: number;
  /** Kill → the last of the N accepted (the ledger's finish time). */
  allAcceptedS: number;
  duplicates: number;
  flagged: number;
}

/** Poll until `done` holds; give up after the bench's timeout, saying what was awaited. */
async function waitUntil(what: string, done: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function measure(database: 'sqlite' | 'postgres', sink: SmtpSink, releaseSource: string): Promise<Recovery> {
  const dataDir = mkdtempSync(join(tmpdir(), 'presswire-recovery-'));
  const pgDb = database === 'postgres' ? await createPgDatabase(pgAdminUrl) : undefined;
  const db = openDatabase(pgDb ? { kind: 'postgres', url: pgDb.url } : { kind: 'sqlite', file: join(dataDir, 'presswire.db') });
  const prefix = `bench-recovery-${Date.now().toString(36)}`;
  const port = await freePort();
  // Defaults, except what a relay requires and what keeps this run apart from others.
  const env = benchEnv({ port, dataDir, redisUrl, prefix, sinkPort: sink.port, databaseUrl: pgDb?.url });
  let child: ChildProcess | undefined;
  const before = sink.received.length;
  const received = () => sink.received.slice(before);
  try {
    await migrate(db);
    const releaseId = await seed(db, recipients, releaseSource);
    child = await spawnRole(['start'], env);
    const id = await startBenchDistribution(port, dataDir, releaseId);

    // Checked on every message the sink keeps, so the kill lands at the count, not a poll later.
    await sink.waitFor(() => received().length >= killAfter, timeoutMs);
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    const killedAt = Date.now();
    await exited;
    const acceptedAtKill = received().length;
    child = await spawnRole(['start'], env);
    const restartedAt = Date.now();

    const accepted = async () => {
      const row = await db.kysely.selectFrom('deliveries').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('finished_at').as('last')]).where('distribution_id', '=', id).where('status', '=', 'accepted').executeTakeFirstOrThrow();
      return { n: Number(row.n), last: Number(row.last) };
    };
    await waitUntil(`all ${recipients} accepted`, async () => (await accepted()).n >= recipients);
    // After the restart: bytes already in the socket at the kill may still complete a message just after it.
    const firstAfter = received().find((r) => r.at > restartedAt)!;
    const copies = new Map<string, number>();
    for (const r of received()) copies.set(r.rcptTo[0]!, (copies.get(r.rcptTo[0]!) ?? 0) + 1);
    const flagged = await db.kysely.selectFrom('deliveries').select('id').where('distribution_id', '=', id).where('duplicate_risk', '=', 1).execute();
    return {
      database,
      acceptedAtKill,
      restartS: (restartedAt - killedAt) / 1000,
      firstAfterS: (firstAfter.at - killedAt) / 1000,
      allAcceptedS: ((await accepted()).last - killedAt) / 1000,
      duplicates: [...copies.values()].filter((n) => n > 1).length,
      flagged: flagged.length,
    };
  } finally {
    if (child) await stop(child);
    await removeQueues(redisUrl, prefix);
    await db.close();
    await pgDb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const releaseSource = readFileSync(join(repoRoot, 'bench/release.txt'), 'utf8');
  const sink = await new SmtpSink().start();
  const results: Recovery[] = [];
  try {
    for (const database of values.databases!.split(',') as ('sqlite' | 'postgres')[]) {
      process.stderr.write(`${database}: ${recipients} recipients, SIGKILL after ${killAfter} accepted…\n`);
      results.push(await measure(database, sink, releaseSource));
    }
  } finally {
    await sink.close();
  }
  for (const r of results) {
    process.stdout.write(
      `${r.database}: killed at ${r.acceptedAtKill} accepted; restarted in ${r.restartS.toFixed(1)} s; ` +
        `first accepted after the kill: ${r.firstAfterS.toFixed(1)} s; all ${recipients} accepted: ${r.allAcceptedS.toFixed(1)} s after the kill; ` +
        `duplicates ${r.duplicates} (flagged ${r.flagged})\n`,
    );
  }
}

await main();
