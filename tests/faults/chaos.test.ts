/**
 * Chaos: 5,000 journalists through a relay that defers, rate-limits, rejects unknown
 * mailboxes and drops connections after the final dot, while processes are SIGKILLed
 * and Redis restarts — with leases, queue locks, stalled checks and the reconciler at
 * their defaults, since those are what an operator runs. Afterwards the ledger and the
 * relay must agree: one copy per journalist (or copies sharing a Message-ID, flagged),
 * unknown mailboxes bounced after a single RCPT, nothing owed. Each database gets ~90 s.
 *
 * CHAOS_SEED=<n> replays the same kill schedule.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deployment, processEnv } from '../helpers/cluster.js';
import { createPostgresDatabase, testDatabaseKinds, type TestDatabaseKind, type TestPostgres } from '../helpers/databases.js';
import { httpApi } from '../helpers/http-api.js';
import { effectivelyOnce, openLedger, settle, type Ledger } from '../helpers/ledger.js';
import { freePort } from '../helpers/processes.js';
import { startOwnRedis, type OwnRedis } from '../helpers/redis-server.js';
import { uniquePrefix } from '../helpers/redis.js';
import { journalists, seedList, seedRelease, send } from '../helpers/scenario.js';
import { SmtpSink, type SinkScript } from '../helpers/smtp-sink.js';

const recipients = 5000;
const budgetMs = 90_000;
const kills = 5;
/**
 * How long each accepted message holds its connection: ~250 messages/s over all the
 * processes' SMTP pools (5 connections each), so the send lasts ~20 s and the kills land in it.
 */
const paceMs = (processes: number) => 20 * processes;

const setups: { database: TestDatabaseKind; roles: string[][] }[] = [
  { database: 'postgres', roles: [['start'], ['worker'], ['worker'], ['worker']] },
  // SQLite is one file on one machine: the embedded server and one more process.
  { database: 'sqlite', roles: [['start'], ['worker']] },
];

/** Disjoint sets of journalists, by position in the list, each with its own misbehaviour. */
function relayFaults(addresses: string[], pace: number): { script: SinkScript; unknown: string[]; deliverable: string[] } {
  const every = (n: number, r: number) => new Set(addresses.filter((_, i) => i % n === r));
  const unknown = every(50, 7); // 550 5.1.1, always
  const busy = every(40, 3); // 451 4.3.0 once
  const rate = every(100, 11); // 421 4.7.0 once
  const drop = every(60, 5); // connection dropped after the final dot, once
  const played = new Set<string>();
  const once = (a: string) => !played.has(a) && !!played.add(a);
  const script: SinkScript = {
    rcpt: (a) => {
      if (unknown.has(a)) return { code: 550, message: '5.1.1 <mailbox> User unknown' };
      if (busy.has(a) && once(a)) return { code: 451, message: '4.3.0 Temporary local problem' };
      if (rate.has(a) && once(a)) return { code: 421, message: '4.7.0 Too many messages, slow down' };
      return undefined;
    },
    data: (a) => (drop.has(a) && once(a) ? { drop: true } : { delayMs: pace }),
  };
  return { script, unknown: [...unknown], deliverable: addresses.filter((a) => !unknown.has(a)) };
}

/** mulberry32: a small seeded generator, so a failing schedule can be replayed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(setups.filter((s) => testDatabaseKinds().includes(s.database)))('chaos on $database', ({ database, roles }) => {
  const sink = new SmtpSink();
  const dataDir = mkdtempSync(join(tmpdir(), 'presswire-chaos-'));
  const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
  const random = seededRandom(seed);
  const addresses = journalists(recipients, `chaos-${database}.example.org`);
  const faults = relayFaults(addresses, paceMs(roles.length));
  let startedAt = 0;
  let port = 0;
  let redis: OwnRedis | undefined;
  let pgDb: TestPostgres | undefined;
  let deployment: Deployment | undefined;
  let ledger: Ledger | undefined;

  beforeAll(async () => {
    startedAt = Date.now();
    await sink.start();
    redis = await startOwnRedis();
    pgDb = database === 'postgres' ? await createPostgresDatabase() : undefined;
    port = await freePort();
    const env = processEnv({
      smtpPort: sink.port,
      redisUrl: redis.url,
      redisPrefix: uniquePrefix(),
      dataDir,
      databaseUrl: pgDb?.url,
      port,
      // Retries and throttling in milliseconds, so the relay's 4xx replies play out in the budget.
      env: { RETRY_BASE_DELAY_MS: '100', SMTP_THROTTLE_MS: '200' },
    });
    deployment = await Deployment.start(env, roles);
    ledger = openLedger({ databaseUrl: pgDb?.url, dataDir });
  }, 60_000);

  afterAll(async () => {
    await deployment?.stop('SIGKILL');
    await ledger?.destroy();
    await redis?.close();
    await sink.close();
    await pgDb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${recipients} journalists, ${kills} SIGKILLs and a Redis restart: effectively once, nothing owed`, async () => {
    const api = httpApi(`http://127.0.0.1:${port}`, readFileSync(join(dataDir, 'admin-token'), 'utf8').trim());
    const releaseId = await seedRelease(api);
    await seedList(api, 'chaos', addresses);
    sink.script = faults.script;
    const id = await send(api, releaseId, ['chaos']);

    // Kills land while the send is under way, every 1.5–3.5 s, on a random process.
    await sink.waitFor(() => sink.received.length >= 200, 30_000);
    for (let k = 1; k <= kills; k++) {
      await sleep(1500 + random() * 2000);
      await deployment!.killAndRestart(Math.floor(random() * roles.length));
      if (k === 2) {
        await redis!.kill();
        await redis!.start();
      }
    }

    // Whatever the outcome, stop waiting in time to judge within the budget.
    const final = await settle(ledger!, id, { timeoutMs: startedAt + budgetMs - 5000 - Date.now() });
    const verdict = await effectivelyOnce(ledger!, sink, id, { deliverable: faults.deliverable, bounced: faults.unknown });
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    console.log(
      `chaos ${database}: accepted ${verdict.accepted}/${faults.deliverable.length}, duplicates ${verdict.duplicates} (flagged ${verdict.flagged}), ` +
        `kills ${deployment!.kills} + 1 Redis restart, ${seconds} s, distribution ${final.status}, rows ${JSON.stringify(final.counts)}, seed ${seed}`,
    );
    expect(verdict.problems, `seed ${seed}`).toEqual([]);
    expect(final.owed).toBe(0);
    expect(['completed', 'completed_with_failures']).toContain(final.status);
    expect(deployment!.died(), 'a process exited without being killed').toEqual([]);
  }, budgetMs + 30_000);
});
