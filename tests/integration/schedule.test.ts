/**
 * Scheduled sends: fire once at their time, never when cancelled, at the new time when
 * moved, and after the processes that held them restarted. A cron job run twice sends once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { appWithSink } from '../helpers/suite.js';
import { freePort, runCli, startServer } from '../helpers/processes.js';
import { fastTimings, journalists, seedList, seedRelease, until } from '../helpers/scenario.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { startTestApp, testToken, waitForDistribution, type TestApp } from '../helpers/test-app.js';

interface Scheduled {
  id: string;
  status: string;
  sendAt: string;
}

describe.each(testDatabaseKinds())('scheduled sends (%s)', (database) => {
  const s = appWithSink({ database, env: fastTimings, release: true });
  const { sink } = s;
  let run = 0;

  async function list(n = 3) {
    run++;
    const addresses = journalists(n, `sched${run}.example.org`);
    await seedList(s.t, `sched-${run}`, addresses);
    return { name: `sched-${run}`, addresses, received: () => sink.received.filter((r) => addresses.includes(r.rcptTo[0]!)) };
  }
  const schedule = (lists: string[], at: Date, key?: string) =>
    s.t.api<Scheduled>('POST', '/api/v1/distributions', { json: { releaseId: s.releaseId, lists, at: at.toISOString() }, headers: key ? { 'idempotency-key': key } : {} });
  const planned = async (id: string) => (await s.t.ctx.db.kysely.selectFrom('distributions').select(['planned_at', 'status']).where('id', '=', id).executeTakeFirstOrThrow());

  it('fires once at its time, and is listed until then', async () => {
    const audience = await list();
    const at = new Date(Date.now() + 1500);
    const res = await schedule([audience.name], at);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'scheduled', sendAt: at.toISOString() });
    const listed = await s.t.api<{ distributions: { id: string }[] }>('GET', '/api/v1/distributions?status=scheduled');
    expect(listed.body.distributions.map((d) => d.id)).toContain(res.body.id);
    expect(audience.received()).toHaveLength(0);
    await waitForDistribution(s.t, res.body.id);
    expect((await planned(res.body.id)).planned_at).toBeGreaterThanOrEqual(at.getTime());
    expect(audience.received()).toHaveLength(3);
  });

  it('does not fire once cancelled', async () => {
    const audience = await list();
    const at = new Date(Date.now() + 1000);
    const { body } = await schedule([audience.name], at);
    const cancelled = await s.t.api<{ status: string }>('POST', `/api/v1/distributions/${body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await s.t.ctx.queues.get('plan').getJob(`plan-${body.id}`)).toBeUndefined();
    await until(async () => Date.now(), (now) => now > at.getTime() + 1000);
    expect(audience.received()).toHaveLength(0);
    expect(await planned(body.id)).toMatchObject({ status: 'cancelled', planned_at: null });
    const again = await s.t.api<{ code: string }>('POST', `/api/v1/distributions/${body.id}/cancel`);
    expect(again.status).toBe(409);
  });

  it('fires at the new time when rescheduled, and cannot be moved once started', async () => {
    const audience = await list();
    const { body } = await schedule([audience.name], new Date(Date.now() + 3_600_000));
    const newAt = new Date(Date.now() + 1200);
    const moved = await s.t.api<Scheduled>('POST', `/api/v1/distributions/${body.id}/reschedule`, { json: { at: newAt.toISOString() } });
    expect(moved.body.sendAt).toBe(newAt.toISOString());
    await waitForDistribution(s.t, body.id);
    expect((await planned(body.id)).planned_at).toBeGreaterThanOrEqual(newAt.getTime());
    expect(audience.received()).toHaveLength(3);
    const late = await s.t.api<{ code: string }>('POST', `/api/v1/distributions/${body.id}/reschedule`, { json: { at: new Date(Date.now() + 60_000).toISOString() } });
    expect(late.status).toBe(409);
  });

  it('refuses a time in the past or one that does not exist', async () => {
    const audience = await list(1);
    const past = await s.t.api<{ issues: { field: string }[] }>('POST', '/api/v1/distributions', { json: { releaseId: s.releaseId, lists: [audience.name], at: '2026-01-01T00:00:00Z' } });
    expect(past.status).toBe(400);
    expect(past.body.issues[0]!.field).toBe('at');
    const gap = await s.t.api<{ issues: { field: string; message: string }[] }>('POST', '/api/v1/distributions', { json: { releaseId: s.releaseId, lists: [audience.name], at: '2027-03-14 02:30 America/Los_Angeles' } });
    expect(gap.status).toBe(400);
    expect(gap.body.issues[0]).toMatchObject({ field: 'at' });
  });
});

describe('a scheduled send survives restarting the server, and cron runs it once', () => {
  const sink = new SmtpSink();
  let t: TestApp;
  const cwd = mkdtempSync(join(tmpdir(), 'presswire-schedule-'));

  beforeAll(async () => {
    await sink.start();
    t = await startTestApp({ database: 'sqlite', smtpPort: sink.port, env: { ...fastTimings, LOG_LEVEL: 'warn' }, workers: false });
  });
  afterAll(async () => {
    await t?.close();
    await sink.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('fires once after a restart, though the same crontab line ran twice', async () => {
    const addresses = journalists(4, 'cron.example.org');
    await seedList(t, 'cron', addresses);
    const releaseId = await seedRelease(t);
    const port = await freePort();
    const env = { ...t.env, PORT: String(port), PRESSWIRE_URL: `http://127.0.0.1:${port}`, PRESSWIRE_TOKEN: testToken };
    let server = await startServer(['start'], env, cwd);
    const at = new Date(Date.now() + 4000).toISOString();
    const cron = ['send', releaseId, '--list', 'cron', '--at', at, '--key', 'briefing-2026-11-27', '--json'];
    const [first, second] = [await runCli(cron, env, cwd), await runCli(cron, env, cwd)];
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(second.stdout).id).toBe(JSON.parse(first.stdout).id);
    const scheduled = await runCli(['scheduled', '--json'], env, cwd);
    expect(JSON.parse(scheduled.stdout)).toEqual([expect.objectContaining({ id: JSON.parse(first.stdout).id, sendAt: at })]);

    expect(await server.stop('SIGTERM')).toBe(0);
    server = await startServer(['start'], env, cwd);
    try {
      await waitForDistribution(t, JSON.parse(first.stdout).id, 30_000);
      const counts = sink.countByRecipient();
      for (const a of addresses) expect(counts.get(a)).toBe(1);
    } finally {
      await server.stop();
    }
  });
});
