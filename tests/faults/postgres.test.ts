/**
 * PostgreSQL crashed mid-send (`pg_ctl stop -m immediate`) and back a few seconds later:
 * the worker process rides it out — no exit, no lost outcome — and the distribution
 * completes with one copy per journalist, or flagged copies sharing a Message-ID.
 * The server is the test's own; the shared one is never touched.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deployment, processEnv } from '../helpers/cluster.js';
import { httpApi } from '../helpers/http-api.js';
import { effectivelyOnce, openLedger, settle, type Ledger } from '../helpers/ledger.js';
import { startOwnPostgres, type OwnPostgres } from '../helpers/postgres-server.js';
import { freePort } from '../helpers/processes.js';
import { deletePrefix, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { fastTimings, journalists, seedList, seedRelease, send } from '../helpers/scenario.js';
import { SmtpSink } from '../helpers/smtp-sink.js';

describe('PostgreSQL restarted mid-send', () => {
  const sink = new SmtpSink();
  const dataDir = mkdtempSync(join(tmpdir(), 'presswire-pgfault-'));
  const prefix = uniquePrefix();
  let port = 0;
  let server: OwnPostgres | undefined;
  let deployment: Deployment | undefined;
  let ledger: Ledger | undefined;

  beforeAll(async () => {
    await sink.start();
    server = await startOwnPostgres();
    port = await freePort();
    const env = processEnv({ smtpPort: sink.port, redisUrl: testRedisUrl, redisPrefix: prefix, dataDir, databaseUrl: server.url, port, env: fastTimings });
    // The API serves the setup; one worker process sends and meets the outage.
    deployment = await Deployment.start(env, [['serve'], ['worker']]);
    ledger = openLedger({ databaseUrl: server.url, dataDir });
  }, 60_000);

  afterAll(async () => {
    await deployment?.stop('SIGKILL');
    await ledger?.destroy();
    await server?.close();
    await sink.close();
    await deletePrefix(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the worker survives, and every journalist gets one copy (or flagged copies with one Message-ID)', async () => {
    const api = httpApi(`http://127.0.0.1:${port}`, readFileSync(join(dataDir, 'admin-token'), 'utf8').trim());
    const addresses = journalists(300, 'pgrestart.example.org');
    await seedList(api, 'pg-restart', addresses);
    const releaseId = await seedRelease(api);
    // ~100 messages/s from one worker's 5 connections: the outage lands mid-send.
    sink.script.data = () => ({ delayMs: 50 });
    const id = await send(api, releaseId, ['pg-restart']);

    await sink.waitFor(() => sink.received.length >= 60, 30_000);
    await server!.crash();
    const atCrash = sink.received.length;
    // The outage itself: long enough for every pooled connection and claim in flight to fail.
    await new Promise((r) => setTimeout(r, 3000));
    await server!.start();

    const final = await settle(ledger!, id, { timeoutMs: 90_000, giveUp: () => deployment!.died().length > 0 });
    const verdict = await effectivelyOnce(ledger!, sink, id, { deliverable: addresses, bounced: [] });
    console.log(`postgres restart: ${atCrash} received at the crash, accepted ${verdict.accepted}/300, duplicates ${verdict.duplicates} (flagged ${verdict.flagged}), rows ${JSON.stringify(final.counts)}`);
    expect(atCrash).toBeLessThan(300);
    expect(deployment!.died(), 'a process exited during the outage').toEqual([]);
    expect(verdict.problems).toEqual([]);
    expect(final).toMatchObject({ status: 'completed', owed: 0 });
  }, 150_000);
});
