/**
 * Several workers, several triggers: two `presswire worker` processes share one
 * distribution without a duplicate, and the same idempotency key sent at the same time
 * — from the API or from a cron command run twice — creates one distribution.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../src/api/server.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { appWithSink } from '../helpers/suite.js';
import { runCli, startServer, type ServerProcess } from '../helpers/processes.js';
import { fastTimings, journalists, seedList } from '../helpers/scenario.js';
import { testToken, waitForDistribution } from '../helpers/test-app.js';

describe.each(testDatabaseKinds())('concurrent workers and triggers (%s)', (database) => {
  const s = appWithSink({ database, env: { ...fastTimings, LOG_LEVEL: 'warn' }, workers: false, release: true });
  const { sink } = s;
  const workers: ServerProcess[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });

  it('two worker processes share a distribution of hundreds with no duplicate', async () => {
    const addresses = journalists(400, 'shared.example.org');
    await seedList(s.t, 'shared', addresses);
    sink.script.data = () => ({ delayMs: 5 });
    workers.push(await startServer(['worker'], s.t.env), await startServer(['worker'], s.t.env));
    const { body } = await s.t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId: s.releaseId, lists: ['shared'] } });
    const final = await waitForDistribution(s.t, body.id, 120_000);
    expect(final.counts.accepted).toBe(400);
    expect(sink.received.filter((r) => r.rcptTo[0]!.endsWith('@shared.example.org'))).toHaveLength(400);
    const counts = sink.countByRecipient();
    for (const a of addresses) expect(counts.get(a)).toBe(1);
    const senders = await s.t.ctx.db.kysely.selectFrom('delivery_attempts').select('worker').distinct().where('delivery_id', 'in', s.t.ctx.db.kysely.selectFrom('deliveries').select('id').where('distribution_id', '=', body.id)).execute();
    expect(senders).toHaveLength(2);
  });

  it('the same idempotency key sent concurrently creates one distribution', async () => {
    await seedList(s.t, 'concurrent', journalists(10, 'concurrent.example.org'));
    const post = () => s.t.api<{ id: string; created: boolean }>('POST', '/api/v1/distributions', { json: { releaseId: s.releaseId, lists: ['concurrent'] }, headers: { 'idempotency-key': 'press-call-1' } });
    const results = await Promise.all([post(), post(), post(), post(), post()]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.body.created)).toHaveLength(1);
    const rows = await s.t.ctx.db.kysely.selectFrom('distributions').select('id').where('idempotency_key', '=', 'press-call-1').execute();
    expect(rows).toHaveLength(1);
  });

  it('the same cron command run twice at once sends once', async () => {
    const addresses = journalists(12, 'cron.example.org');
    await seedList(s.t, 'cron', addresses);
    // Any free port: a Presswire the user runs on this machine may hold the default one.
    const api: ApiServer = await startApiServer({ ...s.t.ctx, config: { ...s.t.ctx.config, http: { ...s.t.ctx.config.http, port: 0 } } });
    try {
      workers.push(await startServer(['worker'], s.t.env));
      const env = { PRESSWIRE_URL: api.url, PRESSWIRE_TOKEN: testToken };
      const command = ['send', s.releaseId, '--list', 'cron', '--key', 'daily-2026-11-27', '--wait', '--json'];
      const [a, b] = await Promise.all([runCli(command, env), runCli(command, env)]);
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      expect(JSON.parse(a.stdout).id).toBe(JSON.parse(b.stdout).id);
      const counts = sink.countByRecipient();
      for (const address of addresses) expect(counts.get(address)).toBe(1);
    } finally {
      await api.close();
    }
  });
});
