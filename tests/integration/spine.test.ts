/**
 * The spine end to end, in-process: a real release and a real media list go out
 * through real Redis and a real SMTP conversation, once per journalist, tracked.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '../helpers/fixtures.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { startTestApp, waitForDistribution, type TestApp } from '../helpers/test-app.js';

interface Report {
  id: string;
  status: string;
  done: boolean;
  total: number;
  counts: Record<string, number>;
}

const headline = 'Immigrant Defenders Urges Biden Administration to Revoke not Reinstate MPP';

describe.each(testDatabaseKinds())('a release reaches every journalist on a list (%s)', (database) => {
  let t: TestApp;
  const sink = new SmtpSink();
  let releaseId: string;
  let importReport: { imported: number; duplicates: unknown[]; rejected: { row: number; reason: string }[] };
  let first: { id: string; created: boolean };
  let report: Report;
  let mails: ParsedMail[];

  beforeAll(async () => {
    await sink.start();
    t = await startTestApp({ database, smtpPort: sink.port });
    const imported = await t.api<{ id: string }>('POST', '/api/v1/releases', {
      json: { source: readFixture('releases/immdef-remain-in-mexico-2021-12-02.txt'), filename: 'immdef.txt' },
    });
    expect(imported.status).toBe(201);
    releaseId = imported.body.id;
    const list = await t.api<typeof importReport>('POST', '/api/v1/lists/immigration-desk/import', { body: readFixture('contacts/media-list-cision-style.csv') });
    expect(list.status).toBe(200);
    importReport = list.body;
  });

  afterAll(async () => {
    await t?.close();
    await sink.close();
  });

  it('imports the list as reported: valid unique contacts, the duplicate, the refused rows', () => {
    expect(importReport.imported).toBe(15);
    expect(importReport.duplicates).toHaveLength(1);
    expect(importReport.rejected.map((r) => r.row)).toEqual([10, 11, 18]);
    expect(importReport.rejected.map((r) => r.reason).join(' ')).toMatch(/formula/);
  });

  it('refuses to send a draft', async () => {
    const res = await t.api<{ code: string; detail: string }>('POST', '/api/v1/distributions', { json: { releaseId, lists: ['immigration-desk'] } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'INVALID_STATE' });
    expect(res.body.detail).toMatch(/draft/);
    expect(sink.received).toHaveLength(0);
  });

  it('finalizes, sends, and every delivery is accepted', async () => {
    const finalized = await t.api<{ status: string; contentHash: string }>('POST', `/api/v1/releases/${releaseId}/finalize`);
    expect(finalized.body).toMatchObject({ status: 'finalized' });
    expect(finalized.body.contentHash).toMatch(/^[0-9a-f]{64}$/);

    const sent = await t.api<{ id: string; created: boolean }>('POST', '/api/v1/distributions', {
      json: { releaseId, lists: ['immigration-desk'] },
      headers: { 'idempotency-key': 'immdef-2021-12-02' },
    });
    expect(sent.status).toBe(201);
    first = sent.body;
    report = await waitForDistribution<Report>(t, first.id);
    expect(report).toMatchObject({ status: 'completed', total: 15 });
    expect(report.counts.accepted).toBe(15);
    mails = await Promise.all(sink.received.map((r) => simpleParser(r.raw)));
  });

  it('delivered exactly one message per valid unique contact, one recipient per envelope', () => {
    expect(sink.received).toHaveLength(importReport.imported);
    for (const r of sink.received) expect(r.rcptTo).toHaveLength(1);
    const counts = sink.countByRecipient();
    expect(counts.size).toBe(15);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.get('lena.fischer@wire-service.example.com')).toBe(1);
    expect(counts.has('formula@attacker.example.com')).toBe(false);
    expect([...counts.keys()].some((a) => a.startsWith('marcus.bell'))).toBe(false);
  });

  it('sends a complete message: name, headline, quote, both parts, one-click unsubscribe', () => {
    const ana = mails.find((m) => sink.received[mails.indexOf(m)]!.rcptTo[0] === 'ana.morales@ledger.example.com')!;
    expect(ana.subject).toBe(headline);
    expect(ana.text).toContain('Ana Morales');
    expect(ana.html).toContain('Ana Morales');
    expect(ana.text).toContain('MPP is a proven human rights failure');
    expect(ana.html).toContain('MPP is a proven human rights failure');
    expect(ana.text?.replace(/\s+/g, ' ')).toContain('Margaret Cargioli');
    const header = (name: string) => ana.headerLines.find((h) => h.key === name)?.line ?? '';
    expect(header('list-unsubscribe')).toMatch(/^List-Unsubscribe: <https:\/\/press\.example\.org\/u\/dlv_[0-9a-z]+\.[\w-]+>$/);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const url = /<(.+)>/.exec(header('list-unsubscribe'))![1]!;
    expect(ana.text).toContain(url);
    expect(ana.html).toContain(url);
    expect(ana.messageId).toMatch(/^<dlv_[0-9a-z]+\.1@press\.example\.org>$/);
  });

  it('records the relay reply on every delivery', async () => {
    const { body } = await t.api<{ deliveries: { status: string; attempts: number; lastReply: string }[] }>('GET', `/api/v1/distributions/${first.id}/deliveries`);
    expect(body.deliveries).toHaveLength(15);
    for (const d of body.deliveries) expect(d).toMatchObject({ status: 'accepted', attempts: 1, lastReply: expect.stringMatching(/^250 /) });
  });

  it('sends nothing new for the same idempotency key', async () => {
    const again = await t.api<{ id: string; created: boolean }>('POST', '/api/v1/distributions', {
      json: { releaseId, lists: ['immigration-desk'] },
      headers: { 'idempotency-key': 'immdef-2021-12-02' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ id: first.id, status: 'completed', created: false, sendAt: null });
    await t.api('POST', '/api/v1/lists/second-desk/import', { body: readFixture('contacts/media-list-muckrack-style.csv') });
    const conflict = await t.api<{ code: string }>('POST', '/api/v1/distributions', {
      json: { releaseId, lists: ['second-desk'] },
      headers: { 'idempotency-key': 'immdef-2021-12-02' },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('CONFLICT');
    expect((await waitForDistribution<Report>(t, first.id)).total).toBe(15);
    expect(sink.received).toHaveLength(15);
  });

  it('unsubscribes in one click with the token from the message, and never again mails that address', async () => {
    const ana = mails.find((m) => m.to && JSON.stringify(m.to).includes('ana.morales@ledger.example.com'))!;
    const url = new URL(/<(.+)>/.exec(ana.headerLines.find((h) => h.key === 'list-unsubscribe')!.line)![1]!);

    const page = await t.app.inject({ method: 'GET', url: url.pathname });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('ana.morales@ledger.example.com');

    const tampered = await t.app.inject({ method: 'POST', url: `${url.pathname.slice(0, -2)}xx`, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(tampered.statusCode).toBe(404);

    for (let i = 0; i < 2; i++) {
      const res = await t.app.inject({ method: 'POST', url: url.pathname, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers.location).toBeUndefined();
    }

    const second = await t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId, lists: ['immigration-desk'] }, headers: { 'idempotency-key': 'resend-after-unsubscribe' } });
    const again = await waitForDistribution<Report>(t, second.body.id);
    expect(again.total).toBe(14);
    expect(sink.countByRecipient().get('ana.morales@ledger.example.com')).toBe(1);
  });
});
