/**
 * Real processes killed with real signals: a worker killed with SIGKILL mid-distribution
 * loses no one and duplicates only the copies whose reply was lost (same Message-ID);
 * SIGTERM finishes what is in flight and exits 0; the embedded database survives a killed
 * `presswire start`.
 */
import { QueueEvents } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { freePort, runCli, startServer, type ServerProcess } from '../helpers/processes.js';
import { fastTimings, journalists, seedList, seedRelease, send } from '../helpers/scenario.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { startTestApp, testToken, waitForDistribution, type TestApp } from '../helpers/test-app.js';

/** Every recipient got at least one copy; any second copy is flagged and carries the same Message-ID. */
async function expectEffectivelyOnce(t: TestApp, sink: SmtpSink, distributionId: string, addresses: string[]): Promise<number> {
  const rows = await t.ctx.db.kysely.selectFrom('deliveries').select(['address', 'status', 'duplicate_risk', 'message_id']).where('distribution_id', '=', distributionId).execute();
  expect(rows).toHaveLength(addresses.length);
  const byAddress = new Map(rows.map((r) => [r.address, r]));
  let duplicates = 0;
  for (const address of addresses) {
    const copies = sink.received.filter((r) => r.rcptTo[0] === address);
    const row = byAddress.get(address)!;
    expect(row.status).toBe('accepted');
    expect(copies.length).toBeGreaterThanOrEqual(1);
    expect(copies.length).toBeLessThanOrEqual(2);
    for (const c of copies) expect(c.messageId).toBe(row.message_id);
    if (copies.length === 2) {
      duplicates++;
      expect(row.duplicate_risk).toBe(1);
    }
  }
  return duplicates;
}

describe.each(testDatabaseKinds())('worker processes killed and stopped (%s)', (database) => {
  const sink = new SmtpSink();
  let t: TestApp;
  let releaseId: string;
  const workers: ServerProcess[] = [];

  beforeAll(async () => {
    await sink.start();
    // The API runs in the test; workers are separate processes sharing Redis and the database.
    t = await startTestApp({ database, smtpPort: sink.port, env: { ...fastTimings, LOG_LEVEL: 'warn' }, workers: false });
    releaseId = await seedRelease(t);
  });
  afterEach(async () => {
    sink.script = {};
    await Promise.all(workers.splice(0).map((w) => w.stop('SIGKILL')));
  });
  afterAll(async () => {
    await t?.close();
    await sink.close();
  });

  const startWorker = async () => {
    const worker = await startServer(['worker'], t.env);
    workers.push(worker);
    return worker;
  };

  it('SIGKILL mid-distribution, then a restart: everyone accepted, duplicates only where flagged', async () => {
    const addresses = journalists(300, 'sigkill.example.org');
    await seedList(t, 'sigkill', addresses);
    // Hold each final reply a little, so the kill lands while messages sit in the RFC 1047 window.
    sink.script.data = () => ({ delayMs: 15 });
    const first = await startWorker();
    const id = await send(t, releaseId, ['sigkill']);
    await sink.waitFor(() => sink.received.length >= 60);
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = sink.received.length;
    expect(atKill).toBeLessThan(300);

    await startWorker();
    const final = await waitForDistribution(t, id, 120_000);
    expect(final).toMatchObject({ status: 'completed', counts: { accepted: 300 } });
    const duplicates = await expectEffectivelyOnce(t, sink, id, addresses);
    // At most the windows in flight at the kill: 4 batches at once, 25 messages a window.
    expect(duplicates).toBeLessThanOrEqual(100);
  });

  it('SIGTERM finishes the sends in flight, exits 0, and the next worker sees no stalled job', async () => {
    const addresses = journalists(80, 'sigterm.example.org');
    await seedList(t, 'sigterm', addresses);
    const events = new QueueEvents('email', { connection: { url: t.env.REDIS_URL }, prefix: t.env.REDIS_PREFIX });
    await events.waitUntilReady();
    const stalled: string[] = [];
    events.on('stalled', ({ jobId }) => stalled.push(jobId));

    sink.script.data = () => ({ delayMs: 300 });
    const first = await startWorker();
    const id = await send(t, releaseId, ['sigterm']);
    await sink.waitFor(() => sink.received.length >= 5);
    const stoppedAt = Date.now();
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(Number(fastTimings.SHUTDOWN_GRACE_MS));

    // Everything handed over before the signal was recorded: nothing is left half-sent.
    const halfSent = await t.ctx.db.kysely.selectFrom('deliveries').select('id').where('distribution_id', '=', id).where('status', '=', 'sending').execute();
    expect(halfSent).toHaveLength(0);

    sink.script = {};
    await startWorker();
    await waitForDistribution(t, id, 60_000);
    expect(await expectEffectivelyOnce(t, sink, id, addresses)).toBe(0);
    expect(stalled).toEqual([]);
    await events.close();
  });
});

describe('the embedded database survives a killed `presswire start`', () => {
  const sink = new SmtpSink();
  let t: TestApp;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    await sink.start();
    t = await startTestApp({ database: 'sqlite', smtpPort: sink.port, env: { ...fastTimings, LOG_LEVEL: 'warn' }, workers: false });
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await t?.close();
    await sink.close();
  });

  it('comes back on the same data directory with the ledger intact and finishes the distribution', async () => {
    const port = await freePort();
    const env = { ...t.env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` };
    const cli = { ...env, PRESSWIRE_URL: `http://127.0.0.1:${port}`, PRESSWIRE_TOKEN: testToken };
    const addresses = journalists(250, 'restart.example.org');
    await seedList(t, 'restart', addresses);
    const releaseId = await seedRelease(t);
    sink.script.data = () => ({ delayMs: 15 });

    server = await startServer(['start'], env);
    const sent = await runCli(['send', releaseId, '--list', 'restart', '--key', 'restart-test', '--json'], cli);
    expect(sent.code, sent.stderr).toBe(0);
    const { id } = JSON.parse(sent.stdout) as { id: string };
    await sink.waitFor(() => sink.received.length >= 50);
    server.child.kill('SIGKILL');
    await server.exited;

    server = await startServer(['start'], env);
    const waited = await runCli(['send', releaseId, '--list', 'restart', '--key', 'restart-test', '--wait', '--json'], cli);
    expect(waited.code, waited.stderr).toBe(0);
    expect(JSON.parse(waited.stdout)).toMatchObject({ id, status: 'completed', counts: { accepted: 250 } });
    await expectEffectivelyOnce(t, sink, id, addresses);
    const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(t.ctx.db.kysely);
    expect(rows[0]!.integrity_check).toBe('ok');
  });
});
