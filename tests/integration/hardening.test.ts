/**
 * What the embedded install keeps to itself: its data directory and database are
 * readable by their owner only; an early recipient's page is never cached, before or after
 * the lift; and the address recorded for a visit is the connection's, whatever a client
 * puts in X-Forwarded-For — unless the operator names the proxies in front (TRUST_PROXY).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { appWithSink } from '../helpers/suite.js';
import { until } from '../helpers/scenario.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const mode = (path: string) => statSync(path).mode & 0o777;
const csv = 'Name,Email,Embargo OK\nAna Early,ana@ledger.example.com,yes\nTom Late,tom@kxla7.example.com,no\n';

/** An embargoed release sent to one early and one late recipient; returns the early one's reference code. */
async function earlyCode(t: TestApp, liftInMs: number): Promise<string> {
  await t.api('POST', '/api/v1/lists/desk/import', { body: csv });
  const created = await t.api<{ id: string }>('POST', '/api/v1/releases', {
    json: { content: { headline: 'Detention report', body: 'Asylum seekers waited a median of 97 days.', dateline: 'SAN DIEGO' }, embargo: { until: new Date(Date.now() + liftInMs).toISOString(), zone: 'UTC' } },
  });
  await t.api('POST', `/api/v1/releases/${created.body.id}/finalize`);
  const sent = await t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId: created.body.id, lists: ['desk'] } });
  const early = () => t.ctx.db.kysely.selectFrom('deliveries').select(['status', 'reference_code']).where('distribution_id', '=', sent.body.id).where('variant', '=', 'embargoed').executeTakeFirst();
  const row = await until(early, (r) => r?.status === 'accepted');
  return row!.reference_code!;
}

describe.each(testDatabaseKinds())('hardening (%s)', (database) => {
  const s = appWithSink({ database });

  it('answers only to its own names (no DNS rebinding)', async () => {
    const as = (host: string) => s.t.app.inject({ method: 'GET', url: '/api/v1/releases', headers: { host, authorization: `Bearer ${s.t.token}` } });
    expect((await as('rebind.attacker.example:3000')).statusCode).toBe(400);
    expect((await as('press.example.org')).statusCode).toBe(200);
    expect((await as('127.0.0.1:3000')).statusCode).toBe(200);
    expect((await as('[::1]:3000')).statusCode).toBe(200);
  });

  it('has no outbox when a relay is configured, whoever asks', async () => {
    expect((await s.t.api('GET', '/outbox')).status).toBe(404);
  });

  it('keeps the data directory and the database to their owner', async () => {
    expect(mode(s.t.dataDir)).toBe(0o700);
    if (database === 'sqlite') expect(mode(join(s.t.dataDir, 'presswire.db'))).toBe(0o600);
  });

  it('never lets an early recipient page be cached, and records the connection address, not X-Forwarded-For', async () => {
    const code = await earlyCode(s.t, 500);
    await new Promise((r) => setTimeout(r, 600)); // past the lift
    const page = await s.t.app.inject({ method: 'GET', url: `/e/${code}`, headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('private, no-store');
    const trace = await s.t.api<{ views: { ip: string | null }[] }>('GET', `/api/v1/trace/${code}`);
    expect(trace.body.views.map((v) => v.ip)).toEqual(['127.0.0.1']);
  });
});

describe('behind a proxy the operator names (TRUST_PROXY)', () => {
  const sink = new SmtpSink();
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.close();
    await sink.close();
  });

  it('records the client address the proxy reports', async () => {
    await sink.start();
    t = await startTestApp({ database: 'sqlite', smtpPort: sink.port, env: { TRUST_PROXY: '127.0.0.1' } });
    const code = await earlyCode(t, 60_000);
    await t.app.inject({ method: 'GET', url: `/e/${code}`, headers: { 'x-forwarded-for': '203.0.113.9' } });
    const trace = await t.api<{ views: { ip: string | null }[] }>('GET', `/api/v1/trace/${code}`);
    expect(trace.body.views.map((v) => v.ip)).toEqual(['203.0.113.9']);
  });
});
