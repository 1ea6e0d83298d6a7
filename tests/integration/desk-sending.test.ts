/**
 * The desk's Send page and two-person approval over HTTP (app.inject), as signed-in
 * browsers: lists and accounts to choose, the preflight before the button (whole page, or
 * the panel alone for htmx), a form sent twice making one send, a time in a zone, a viewer
 * who may check but not send; with approval required, the request, the requester unable to
 * approve their own, a second person approving, and a decline that needs a note.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { firstOrganisation } from '../../src/organisations/organisations.service.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { csrfTokenIn, type FormClient } from '../helpers/forms.js';
import { addMember, firstAdmin, signInByLink } from '../helpers/sign-in.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// Embargoed until 2030, so that the embargo is still ahead.
const fixture = readFileSync(new URL('../fixtures/releases/harbor-legal-aid-detention-report-embargoed.txt', import.meta.url), 'utf8').replace('TUESDAY, MARCH 10, 2026', 'TUESDAY, MARCH 12, 2030');
const newsdesk = ['Name,Email', 'Ana Morales,ana@ledger.example.com', 'Luis Ortega,luis@telediario.example.org', 'Dee Both,dee@both.example.org'].join('\n');
const wire = ['Name,Email', 'Dee Both,dee@both.example.org', 'Tom Neill,tom@kxla7.example.com'].join('\n');

describe.each(testDatabaseKinds())('the desk: sending and approval (%s)', (database) => {
  let t: TestApp;
  let admin: FormClient;
  let releaseId: string;
  let draftId: string;
  let sendUrl: string;

  /** A form as a browser sends it, repeated names (ticked checkboxes) included. */
  const postForm = (browser: FormClient, url: string, fields: [string, string][], csrf: string): Promise<LightMyRequestResponse> =>
    browser.request({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams([...fields, ['_csrf', csrf]]).toString() });

  /** Open the Send page and send its form to `action` with these choices (and the page's own key). */
  const fromSendPage = async (browser: FormClient, action: string, fields: [string, string][]) => {
    const page = await browser.get(sendUrl);
    const key = /name="key" value="([^"]+)"/.exec(page.body)![1]!;
    return { key, res: await postForm(browser, action, [...fields, ['key', key]], csrfTokenIn(page.body)) };
  };
  const both: [string, string][] = [
    ['lists', 'newsdesk'],
    ['lists', 'wire'],
    ['when', 'now'],
  ];
  const row = (id: string) => t.ctx.db.kysely.selectFrom('distributions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const idIn = (location: unknown) => /^\/distributions\/(dst_[0-9a-z]{25})$/.exec(String(location))![1]!;

  beforeAll(async () => {
    t = await startTestApp({ database, workers: false });
    admin = await firstAdmin(t);
    releaseId = (await t.api<{ id: string }>('POST', '/api/v1/releases', { json: { source: fixture } })).body.id;
    expect((await t.api('POST', `/api/v1/releases/${releaseId}/finalize`)).status).toBe(200);
    draftId = (await t.api<{ id: string }>('POST', '/api/v1/releases', { json: { source: fixture } })).body.id;
    expect((await t.api('POST', '/api/v1/lists/newsdesk/import', { body: newsdesk })).status).toBe(200);
    expect((await t.api('POST', '/api/v1/lists/wire/import', { body: wire })).status).toBe(200);
    expect((await t.api('POST', '/api/v1/accounts', { json: { network: 'mastodon', name: 'harbor', settings: { instance: 'https://mastodon.example' } } })).status).toBe(201);
    sendUrl = `/releases/${releaseId}/send`;
  });
  afterAll(async () => t?.close());

  it('shows the lists with their counts, the accounts, the embargo and its zone, and no send button before the check', async () => {
    const page = await admin.get(sendUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>New Report Finds Detained Asylum Seekers in Southern California Wait Months Without Counsel</h1>');
    expect(page.body).toMatch(/Under embargo until [^<]+\(America\/Los_Angeles\)/);
    expect(page.body).toContain('value="newsdesk"');
    expect(page.body).toContain('3 journalists');
    expect(page.body).toContain('2 journalists');
    expect(page.body).toContain('Mastodon: harbor');
    expect(page.body).toContain('<option value="America/Los_Angeles" selected>');
    expect(page.body).toContain(`hx-post="${sendUrl}/preflight"`);
    expect(page.body).toContain('Check before sending');
    expect(page.body).not.toContain(`formaction="${sendUrl}"`);
  });

  it('explains that a draft must be finalized first', async () => {
    const page = await admin.get(`/releases/${draftId}/send`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Finalize the release first');
    expect(page.body).toContain(`href="/releases/${draftId}"`);
    expect(page.body).not.toContain('<form method="post" action="/releases');
  });

  it('checks before sending: the preflight panel and a button that says what it does', async () => {
    const { res } = await fromSendPage(admin, `${sendUrl}/check`, [...both, ['channels', (await t.ctx.db.kysely.selectFrom('social_accounts').select('id').executeTakeFirstOrThrow()).id]]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Before you send');
    expect(res.body).toContain('<strong>4 journalists</strong>');
    expect(res.body).toContain('1 journalist on more than one list (emailed once)');
    expect(res.body).toMatch(/Mastodon \(harbor\): one post, \d+ of 500 characters/);
    expect(res.body).toContain(`formaction="${sendUrl}">Send to 4 journalists and post from 1 social account now</button>`);
    expect(res.body).toMatch(/<span>4 journalists get the public copy when the embargo lifts \(Mar 12, 2030/);
    // Ticked boxes stay ticked.
    expect(res.body).toMatch(/value="wire" checked/);
  });

  it('answers htmx with the panel alone', async () => {
    const { res } = await fromSendPage(admin, `${sendUrl}/preflight`, both);
    expect(res.statusCode).toBe(200);
    expect(res.body.startsWith('<section id="preflight"')).toBe(true);
    expect(res.body).not.toContain('<html');
    expect(res.body).toContain('Send to 4 journalists now');
  });

  it('answers a form it cannot use with the error summary, the field and an "Error:" title', async () => {
    const { res } = await fromSendPage(admin, `${sendUrl}/check`, [['when', 'later']]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<title>Error: Send a release: ');
    expect(res.body).toContain('<a href="#lists">Choose at least one media list or social account</a>');
    expect(res.body).toContain('<a href="#at">Enter the date and time to send</a>');
    expect(res.body).toContain('id="at-error"');
    const past = await fromSendPage(admin, `${sendUrl}/check`, [...both.slice(0, 2), ['when', 'later'], ['at', '2020-01-01T09:00'], ['zone', 'UTC']]);
    expect(past.res.statusCode).toBe(400);
    expect(past.res.body).toContain('<a href="#at">That time has passed: choose a later one, or send now</a>');

    // Sent without its check (or the list changed since): the preflight's problems refuse it.
    expect((await t.api('POST', '/api/v1/lists/bounced/import', { body: 'Name,Email\nGone Away,gone@bounced.example.org' })).status).toBe(200);
    const org = await firstOrganisation(t.ctx.db);
    await t.ctx.db.kysely.insertInto('suppressions').values({ org_id: org.id, email_key: 'gone@bounced.example.org', reason: 'bounced', detail: '550 5.1.1', delivery_id: null, created_at: Date.now() }).execute();
    const nobody = await fromSendPage(admin, sendUrl, [['lists', 'bounced'], ['when', 'now']]);
    expect(nobody.res.statusCode).toBe(400);
    expect(nobody.res.body).toContain('<a href="#preflight">Nobody on the chosen lists can be emailed.</a>');
    expect(await t.ctx.db.kysely.selectFrom('distributions').select('id').where('idempotency_key', '=', nobody.key).execute()).toEqual([]);
  });

  it('makes one send of a form sent twice (a double click, the back button)', async () => {
    const { key, res } = await fromSendPage(admin, sendUrl, both);
    expect(res.statusCode, res.body).toBe(303);
    const id = idIn(res.headers.location);
    const again = await postForm(admin, sendUrl, [...both, ['key', key]], csrfTokenIn((await admin.get(sendUrl)).body));
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/distributions/${id}`);
    const rows = await t.ctx.db.kysely.selectFrom('distributions').select(['id', 'status']).where('idempotency_key', '=', key).execute();
    expect(rows).toEqual([{ id, status: 'planning' }]);
  });

  it('schedules at a time in the chosen zone, and says so on the button', async () => {
    const at: [string, string][] = [...both.slice(0, 2), ['when', 'later'], ['at', '2031-03-11T09:00'], ['zone', 'America/Los_Angeles']];
    const checked = await fromSendPage(admin, `${sendUrl}/check`, at);
    expect(checked.res.body).toContain('Send to 4 journalists at 9:00 AM on Mar 11, 2031, Los Angeles time');
    const { res } = await fromSendPage(admin, sendUrl, at);
    expect(res.statusCode, res.body).toBe(303);
    const scheduled = await row(idIn(res.headers.location));
    expect(scheduled.status).toBe('scheduled');
    expect(new Date(Number(scheduled.send_at)).toISOString()).toBe('2031-03-11T16:00:00.000Z');
  });

  it('lets a viewer check a send but not see the button nor send', async () => {
    const viewer = await signInByLink(t, await addMember(t, 'vera@harbor.example.org', 'viewer'));
    const page = await viewer.get(sendUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your role can check a send but not make one');
    const { res } = await fromSendPage(viewer, `${sendUrl}/check`, both);
    expect(res.body).toContain('<strong>4 journalists</strong>');
    expect(res.body).not.toContain('Send to 4 journalists');
    const sent = await fromSendPage(viewer, sendUrl, both);
    expect(sent.res.statusCode).toBe(403);
    expect(await t.ctx.db.kysely.selectFrom('distributions').select('id').where('idempotency_key', '=', sent.key).execute()).toEqual([]);
  });

  it('speaks Spanish to a browser that asks for it', async () => {
    const page = await admin.request({ method: 'GET', url: sendUrl, headers: { 'accept-language': 'es-MX,es;q=0.9' } });
    expect(page.body).toContain('<html lang="es">');
    expect(page.body).toContain('Listas de medios a las que enviar');
    expect(page.body).toContain('3 periodistas');
    expect(page.body).toContain('Revisar antes de enviar');
  });

  it('names in the panel, in English and Spanish, who is not emailed and why, and a sending domain no DKIM key signs', async () => {
    expect((await t.api('POST', '/api/v1/lists/left/import', { body: 'Name,Email\nLeft Early,left@unsub.example.org\nTom Neill,tom@kxla7.example.com' })).status).toBe(200);
    const org = await firstOrganisation(t.ctx.db);
    await t.ctx.db.kysely.insertInto('suppressions').values({ org_id: org.id, email_key: 'left@unsub.example.org', reason: 'unsubscribed', detail: null, delivery_id: null, created_at: Date.now() }).execute();
    const choices: [string, string][] = [['lists', 'newsdesk'], ['lists', 'left'], ['when', 'now']];
    const english = await fromSendPage(admin, `${sendUrl}/preflight`, choices);
    expect(english.res.statusCode, english.res.body).toBe(200);
    expect(english.res.body).toContain('1 address unsubscribed');
    expect(english.res.body).toContain('No DKIM key signs mail from press.example.org');

    const es = { 'accept-language': 'es-MX,es;q=0.9' };
    const page = await admin.request({ method: 'GET', url: sendUrl, headers: es });
    const key = /name="key" value="([^"]+)"/.exec(page.body)![1]!;
    const spanish = await admin.request({
      method: 'POST',
      url: `${sendUrl}/preflight`,
      headers: { ...es, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([...choices, ['key', key], ['_csrf', csrfTokenIn(page.body)]]).toString(),
    });
    expect(spanish.statusCode, spanish.body).toBe(200);
    expect(spanish.body).toContain('1 dirección dada de baja');
    expect(spanish.body).toContain('Ninguna clave DKIM firma el correo de press.example.org');
  });

  describe('with approval required', () => {
    let sender: FormClient;
    const ask = async () => {
      const { res } = await fromSendPage(sender, sendUrl, both);
      expect(res.statusCode, res.body).toBe(303);
      return idIn(res.headers.location);
    };

    beforeAll(async () => {
      expect((await t.api('PUT', '/api/v1/org/settings/approval', { json: { value: 'required' } })).status).toBe(200);
      sender = await signInByLink(t, await addMember(t, 'sam@harbor.example.org', 'sender'));
    });

    it('asks for approval, and the requester cannot approve their own', async () => {
      const { res } = await fromSendPage(sender, `${sendUrl}/check`, both);
      expect(res.body).toContain('Request approval to send to 4 journalists now');
      const id = await ask();
      expect((await row(id)).status).toBe('awaiting_approval');

      const waiting = await admin.get('/approvals');
      expect(waiting.body).toContain(`href="/distributions/${id}/approval"`);
      expect(waiting.body).toContain('newsdesk, wire');

      const own = await sender.get(`/distributions/${id}/approval`);
      expect(own.body).toContain('You asked for this send');
      expect(own.body).not.toContain(`action="/distributions/${id}/approve"`);
      const refused = await postForm(sender, `/distributions/${id}/approve`, [], csrfTokenIn(own.body));
      expect(refused.statusCode).toBe(403);
      expect((await row(id)).status).toBe('awaiting_approval');
    });

    it('is approved by a second person, who sees the same preflight', async () => {
      const id = await ask();
      const page = await admin.get(`/distributions/${id}/approval`);
      expect(page.body).toContain('What this send would do');
      expect(page.body).toContain('<strong>4 journalists</strong>');
      expect(page.body).toMatch(/Asked by<\/dt><dd>sam@harbor\.example\.org · /);
      expect(page.body).toContain('>Approve and send to 4 journalists now</button>');
      const approved = await postForm(admin, `/distributions/${id}/approve`, [], csrfTokenIn(page.body));
      expect(approved.statusCode).toBe(303);
      expect((await row(id)).status).toBe('planning');
      expect((await admin.get(`/distributions/${id}/approval`)).body).toContain('Approved by ada@harbor.example.org');
    });

    it('is declined only with a note, which the requester then reads', async () => {
      const id = await ask();
      const page = await admin.get(`/distributions/${id}/approval`);
      const empty = await postForm(admin, `/distributions/${id}/decline`, [['note', '  ']], csrfTokenIn(page.body));
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('<title>Error: Approve a send: ');
      expect(empty.body).toContain('<a href="#note">Say why you decline it: the person who asked reads this</a>');
      expect(empty.body).toContain('id="note-error"');
      expect((await row(id)).status).toBe('awaiting_approval');

      const note = 'Wait for the board vote <on Friday>';
      const declined = await postForm(admin, `/distributions/${id}/decline`, [['note', note]], csrfTokenIn(page.body));
      expect(declined.statusCode).toBe(303);
      const cancelled = await row(id);
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.status_reason).toBe(`declined by ada@harbor.example.org: ${note}`);
      const audit = await t.ctx.db.kysely.selectFrom('audit_log').select(['action', 'detail', 'actor_label']).where('object_id', '=', id).where('action', '=', 'distribution.decline').execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actor_label).toBe('ada@harbor.example.org');
      expect(JSON.parse(audit[0]!.detail!)).toMatchObject({ note });

      const seen = await sender.get(`/distributions/${id}/approval`);
      expect(seen.body).toContain('Declined by ada@harbor.example.org');
      expect(seen.body).toContain('Wait for the board vote &lt;on Friday');
      expect(seen.body).not.toContain('<on Friday>');
      expect((await t.api<{ statusReason: string }>('GET', `/api/v1/distributions/${id}`)).body.statusReason).toContain(note);
    });
  });
});
