/**
 * The desk's send pages over HTTP (app.inject), with a real worker sending to a real SMTP
 * sink: the list of sends, a send's page and live event stream, its recipients narrowed by
 * filters, its report, retrying what failed, the scheduled sends and cancelling one; and who
 * may do what — a viewer reads but cannot cancel or retry, another organisation's send is
 * not found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { readFixture } from '../helpers/fixtures.js';
import { csrfTokenIn, FormClient } from '../helpers/forms.js';
import { auditActions, createOrg, createToken } from '../helpers/people.js';
import { fastTimings, send, until } from '../helpers/scenario.js';
import { addMember, firstAdmin, signInByLink } from '../helpers/sign-in.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { startTestApp, waitForDistribution, type TestApp } from '../helpers/test-app.js';

const headline = 'Immigrant Defenders Urges Biden Administration to Revoke not Reinstate MPP';
const refusedOnce = 'dkim@ledger.example.com';
const noSuchUser = 'wei.zhang@pacificpost.example.org';

describe.each(testDatabaseKinds())('the desk’s sends (%s)', (database) => {
  let t: TestApp;
  let admin: FormClient;
  let viewer: FormClient;
  let releaseId: string;
  let sentId: string;
  const sink = new SmtpSink();
  /** Each message waits this long for the relay's final reply: a send that lasts long enough to watch. */
  let slowMs = 0;

  beforeAll(async () => {
    await sink.start();
    // A policy refusal for one address on its first try only (retrying may help); a mailbox that does not exist (retrying never helps).
    sink.script = {
      rcpt: (address, attempt) =>
        address === refusedOnce && attempt === 1 ? { code: 554, message: '5.7.1 Message refused by policy' } : address === noSuchUser ? { code: 550, message: '5.1.1 No such user here' } : undefined,
      data: () => (slowMs ? { delayMs: slowMs } : undefined),
    };
    t = await startTestApp({ database, smtpPort: sink.port, env: fastTimings });
    admin = await firstAdmin(t);
    viewer = await signInByLink(t, await addMember(t, 'vera@harbor.example.org', 'viewer'));
    const imported = await t.api<{ id: string }>('POST', '/api/v1/releases', { json: { source: readFixture('releases/immdef-remain-in-mexico-2021-12-02.txt'), filename: 'immdef.txt' } });
    expect(imported.status).toBe(201);
    releaseId = imported.body.id;
    expect((await t.api('POST', `/api/v1/releases/${releaseId}/finalize`)).status).toBe(200);
    expect((await t.api('POST', '/api/v1/lists/immigration-desk/import', { body: readFixture('contacts/media-list-cision-style.csv') })).status).toBe(200);
    expect((await t.api('POST', '/api/v1/lists/border-beat/import', { body: readFixture('contacts/media-list-muckrack-style.csv') })).status).toBe(200);
    sentId = await send(t, releaseId, ['immigration-desk', 'border-beat']);
    await waitForDistribution(t, sentId);
  });
  afterAll(async () => {
    await t?.close();
    await sink.close();
  });

  it('lists the send with its status, audience and how far it got', async () => {
    const res = await admin.get('/distributions');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<a href="/distributions/${sentId}">${headline}</a>`);
    expect(res.body).toContain('Completed with failures');
    expect(res.body).toContain('immigration-desk, border-beat');
    expect(res.body).toContain('<td>17 of 19</td>');
    const spanish = await admin.request({ method: 'GET', url: '/distributions', headers: { 'accept-language': 'es' } });
    expect(spanish.body).toContain('Completado con fallos');
    expect(spanish.body).toContain('<td>17 de 19</td>');
  });

  it('shows a finished send: counts by status, a progress bar, its lists, and Retry for the failure', async () => {
    const res = await admin.get(`/distributions/${sentId}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Completed with failures: 17 of 19 accepted or posted');
    expect(res.body).toMatch(/<progress class="send-progress" max="19" value="19"/);
    for (const words of ['Accepted', 'Failed', 'Bounced', 'immigration-desk, border-beat', 'Retry the failed delivery', 'Addresses that do not exist are not tried again.']) expect(res.body).toContain(words);
    // Finished: no stream to follow, no script for it, nothing to cancel.
    expect(res.body).not.toContain('hx-sse:connect');
    expect(res.body).not.toContain('hx-sse.js');
    expect(res.body).not.toContain(`action="/distributions/${sentId}/cancel"`);
  });

  it('narrows the recipients by status, outlet and list, with the relay’s reply', async () => {
    const all = await admin.get(`/distributions/${sentId}/recipients`);
    expect(all.statusCode).toBe(200);
    expect(all.body.match(/<tr>/g)).toHaveLength(1 + 19);

    const failed = await admin.get(`/distributions/${sentId}/recipients?status=failed&list=&outlet=&kind=`);
    expect(failed.body).toContain(refusedOnce);
    expect(failed.body).toContain('554 5.7.1 Message refused by policy');
    expect(failed.body.match(/<tr>/g)).toHaveLength(1 + 1);

    const ledger = await admin.get(`/distributions/${sentId}/recipients?outlet=los+angeles+ledger`);
    expect(ledger.body.toLowerCase()).toContain('ana.morales@ledger.example.com');
    expect(ledger.body).toContain(refusedOnce);
    expect(ledger.body).not.toContain('samira@borderreport.example.net');
    expect(ledger.body.match(/<tr>/g)).toHaveLength(1 + 2);
    // Ana is on both lists.
    expect(ledger.body).toContain('<td>Los Angeles Ledger</td><td>border-beat, immigration-desk</td>');

    const listId = /<option value="(lst_[0-9a-z]{25})"[^>]*>border-beat<\/option>/.exec(all.body)?.[1];
    expect(listId).toBeDefined();
    const beat = await admin.get(`/distributions/${sentId}/recipients?list=${listId}`);
    expect(beat.body.match(/<tr>/g)).toHaveLength(1 + 5);
    expect(beat.body).toContain('samira@borderreport.example.net');
    expect(beat.body).not.toContain('priya@borderreport.example.net');

    const wrong = await admin.get(`/distributions/${sentId}/recipients?status=delivered`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('<title>Error: Recipients: ');
    expect(wrong.body).toContain('<a href="#status">This filter is not one Presswire knows</a>');
    expect(wrong.body).toContain('id="status-error"');
  });

  it('reports by list and by outlet, and names each failure’s reason', async () => {
    const res = await admin.get(`/distributions/${sentId}/report`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<th scope="row">border-beat<\/th><td class="numeric">5<\/td>/);
    expect(res.body).toContain('<th scope="row">Los Angeles Ledger</th>');
    expect(res.body).toContain('rejected by the relay');
    expect(res.body).toContain('address does not exist: contact suppressed');
  });

  it('lets a viewer read a send but not retry or cancel it', async () => {
    const page = await viewer.get(`/distributions/${sentId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(`action="/distributions/${sentId}/retry"`);
    const refused = await viewer.post(`/distributions/${sentId}/retry`, {}, csrfTokenIn(page.body));
    expect(refused.statusCode).toBe(403);
    expect((await viewer.post(`/distributions/${sentId}/cancel`, {}, csrfTokenIn(page.body))).statusCode).toBe(403);
  });

  it('retries what failed: the refused delivery is accepted, the missing mailbox is left alone', async () => {
    const page = await admin.get(`/distributions/${sentId}`);
    const retried = await admin.post(`/distributions/${sentId}/retry`, {}, csrfTokenIn(page.body));
    expect(retried.statusCode, retried.body).toBe(303);
    expect(retried.headers.location).toBe(`/distributions/${sentId}`);
    const report = await waitForDistribution<{ done: boolean; status: string; counts: Record<string, number> }>(t, sentId);
    expect(report.status).toBe('completed_with_failures');
    expect(report.counts).toMatchObject({ accepted: 18, failed: 0, bounced: 1 });
    expect(sink.rcptLog.filter((r) => r.address === refusedOnce).map((r) => r.code)).toEqual([554, 250]);
    expect(sink.rcptLog.filter((r) => r.address === noSuchUser)).toHaveLength(1);
    const entry = (await auditActions(t)).find((e) => e.action === 'distribution.retry');
    expect(entry).toMatchObject({ object: { type: 'distribution', id: sentId }, actor: { label: 'ada@harbor.example.org' }, detail: { retried: 1, was: 'completed_with_failures' } });
    // Nothing left to retry: said plainly.
    const again = await admin.post(`/distributions/${sentId}/retry`, {}, csrfTokenIn((await admin.get(`/distributions/${sentId}`)).body));
    expect(again.statusCode).toBe(409);
  });

  it('streams the progress panel while a send runs, then a done event', async () => {
    slowMs = 1500;
    const id = await send(t, releaseId, ['immigration-desk']);
    const page = await admin.get(`/distributions/${id}`);
    expect(page.body).toContain(`hx-sse:connect="/distributions/${id}/events" hx-sse:close="done"`);
    expect(page.body).toContain('<script src="/assets/vendor/ext/hx-sse.js"></script>');
    expect(page.body).toContain(`<a href="/distributions/${id}">Refresh</a>`);

    const res = await admin.request({ method: 'GET', url: `/distributions/${id}/events`, payloadAsStream: true });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    let text = '';
    for await (const chunk of res.stream()) text += String(chunk);
    slowMs = 0;
    const events = text.split('\n\n').filter(Boolean);
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.at(-1)).toBe('event: done\ndata: done');
    const panels = events.slice(0, -1);
    for (const p of panels) expect(p).toMatch(/^data: /);
    expect(panels.some((p) => /Sending: \d+ of 14 done/.test(p))).toBe(true);
    expect(panels.at(-1)).toContain('Completed: 14 of 14 accepted or posted');
    expect(panels.at(-1)).not.toContain('_csrf');
    // The last panel takes Cancel away: the send has ended.
    expect(panels.at(-1)).toContain('<div id="send-actions" hx-swap-oob="true"></div>');
    expect(panels[0]).not.toContain('send-actions');
  });

  it('lists a scheduled send in the zone asked for, moves it, and cancels it with an audit row', async () => {
    const at = '2031-06-01 09:00 America/Los_Angeles';
    const scheduled = await t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId, lists: ['border-beat'], at } });
    expect(scheduled.status).toBe(201);
    const id = scheduled.body.id;
    const utc = await admin.get('/scheduled');
    expect(utc.statusCode).toBe(200);
    expect(utc.body).toContain('Jun 1, 2031, 04:00 PM UTC');
    const la = await admin.get('/scheduled?zone=America%2FLos_Angeles');
    expect(la.body).toContain('Jun 1, 2031, 09:00 AM PDT');
    expect(la.body).toContain('<option value="America/Los_Angeles" selected>');
    const nowhere = await admin.get('/scheduled?zone=Mars%2FOlympus');
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.body).toContain('<a href="#zone">Choose a time zone from the list</a>');

    // Moved from its page: a time that cannot be read comes back with the error, a good one is kept.
    const page = await admin.get(`/distributions/${id}`);
    expect(page.body).toContain(`action="/distributions/${id}/reschedule"`);
    expect(page.body).not.toContain('hx-sse:connect');
    const unreadable = await admin.post(`/distributions/${id}/reschedule`, { at: 'next tuesday-ish' }, csrfTokenIn(page.body));
    expect(unreadable.statusCode).toBe(400);
    expect(unreadable.body).toContain(`<title>Error: ${headline} · Presswire</title>`);
    expect(unreadable.body).toMatch(/<a href="#at">[^<]+<\/a>/);
    expect(unreadable.body).toContain('value="next tuesday-ish"');
    const empty = await admin.post(`/distributions/${id}/reschedule`, { at: ' ' }, csrfTokenIn(page.body));
    expect(empty.body).toContain('<a href="#at">Enter the new time</a>');
    const moved = await admin.post(`/distributions/${id}/reschedule`, { at: '2031-07-01 10:00 America/Los_Angeles' }, csrfTokenIn(page.body));
    expect(moved.statusCode, moved.body).toBe(303);
    expect((await admin.get('/scheduled?zone=America%2FLos_Angeles')).body).toContain('Jul 1, 2031, 10:00 AM PDT');
    expect((await auditActions(t)).find((e) => e.action === 'distribution.reschedule' && e.object?.id === id)).toMatchObject({ actor: { label: 'ada@harbor.example.org' } });

    expect((await viewer.get('/scheduled')).body).not.toContain(`action="/distributions/${id}/cancel"`);
    expect((await viewer.get(`/distributions/${id}`)).body).not.toContain(`action="/distributions/${id}/reschedule"`);
    const cancelled = await admin.post(`/distributions/${id}/cancel`, { from: 'scheduled' }, csrfTokenIn(utc.body));
    expect(cancelled.statusCode).toBe(303);
    expect(cancelled.headers.location).toBe('/scheduled');
    const row = await t.ctx.db.kysely.selectFrom('distributions').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('cancelled');
    expect((await auditActions(t)).find((e) => e.action === 'distribution.cancel' && e.object?.id === id)).toMatchObject({ actor: { label: 'ada@harbor.example.org' }, detail: { was: 'scheduled' } });
    expect((await admin.get('/scheduled')).body).not.toContain(`/distributions/${id}"`);
    expect((await admin.get(`/distributions/${id}`)).body).toContain('Cancelled');
  });

  it('does not find another organisation’s send', async () => {
    const org = await createOrg(t, 'Coastal Tenants Union');
    const other = await createToken(t, { role: 'admin', org });
    const theirs = t.as(other.token);
    const release = await theirs.api<{ id: string }>('POST', '/api/v1/releases', { json: { source: readFixture('releases/immdef-remain-in-mexico-2021-12-02.txt') } });
    await theirs.api('POST', `/api/v1/releases/${release.body.id}/finalize`);
    await theirs.api('POST', '/api/v1/lists/tenants/import', { body: readFixture('contacts/media-list-muckrack-style.csv') });
    const id = await send(theirs, release.body.id, ['tenants']);
    await until(async () => (await theirs.api<{ done: boolean }>('GET', `/api/v1/distributions/${id}`)).body, (r) => r.done, 30_000);
    for (const path of ['', '/recipients', '/report', '/events']) expect((await admin.get(`/distributions/${id}${path}`)).statusCode, path).toBe(404);
    expect((await admin.post(`/distributions/${id}/cancel`, {}, csrfTokenIn((await admin.get('/distributions')).body))).statusCode).toBe(404);
    expect((await admin.get('/distributions')).body).not.toContain(id);
    expect((await admin.get('/distributions/not-an-id')).statusCode).toBe(404);
  });

  it('shows a send’s social posts', async () => {
    // Without credentials an account runs in dry run: the post is composed and recorded, not published.
    expect((await t.api('POST', '/api/v1/accounts', { json: { network: 'mastodon', name: 'harbor', settings: { instance: 'https://mastodon.example' } } })).status).toBe(201);
    const posted = await t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId, channels: ['mastodon:harbor'] } });
    expect(posted.status).toBe(201);
    await waitForDistribution(t, posted.body.id);
    const page = await admin.get(`/distributions/${posted.body.id}`);
    expect(page.body).toContain('<h2 id="social-title">Social posts</h2>');
    expect(page.body).toContain('Composed (no credentials)');
    expect(page.body).not.toContain('Not posted yet');
    expect((await admin.get('/distributions')).body).toContain('1 social account');
  });

  // Last: the release is under embargo from here on.
  it('shows the changes of the release’s embargo and when public copies go', async () => {
    for (const until of ['2031-01-15 09:00 America/Los_Angeles', '2031-02-01 09:00 America/Los_Angeles']) {
      expect((await t.api('PUT', `/api/v1/releases/${releaseId}/embargo`, { json: { until } })).status).toBe(200);
    }
    const page = await admin.get(`/distributions/${sentId}`);
    expect(page.body).toContain('Embargo updates sent');
    expect(page.body.match(/ → /g)).toHaveLength(2);
    expect(page.body).toContain('Jan 15, 2031, 05:00 PM UTC → Feb 1, 2031, 05:00 PM UTC');
    expect(page.body).toContain(`<a href="/distributions/${sentId}/recipients?kind=embargo_update">0 journalists told of the embargo change</a>`);
    expect(page.body).toContain('Public copies go at Feb 1, 2031, 09:00 AM PST');
  });
});
