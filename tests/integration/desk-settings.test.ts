/**
 * The desk's settings, social accounts, trace and audit pages over HTTP (app.inject), as a
 * signed-in browser: settings saved one audited change at a time and previewed before they
 * are saved; accounts added and verified against a stub Mastodon, a refused one announced on
 * every page, and keys never written back into a page; a leaked copy's code traced to its
 * journalist and the visits to its link; the audit log in words, filtered, and only ever the
 * organisation's own.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/auth/audit.js';
import { planDistribution } from '../../src/distribution/plan.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { csrfTokenIn, FormClient } from '../helpers/forms.js';
import { createOrg, createToken } from '../helpers/people.js';
import { addMember, firstAdmin, signInByLink } from '../helpers/sign-in.js';
import { startMastodon, stubOutboundEnv, type Harness } from '../helpers/social/harness.js';
import { mastodonToken, type MastodonStub } from '../helpers/social/mastodon-stub.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const mediaList = readFileSync(new URL('../fixtures/contacts/media-list-muckrack-style.csv', import.meta.url), 'utf8');
const release = readFileSync(new URL('../fixtures/releases/harbor-legal-aid-detention-report-embargoed.txt', import.meta.url), 'utf8').replace('TUESDAY, MARCH 10, 2026', 'TUESDAY, MARCH 12, 2030');
const headline = 'New Report Finds Detained Asylum Seekers in Southern California Wait Months Without Counsel';

describe.each(testDatabaseKinds())('the desk: settings, accounts, trace, audit (%s)', (database) => {
  let t: TestApp;
  let masto: Harness<MastodonStub>;
  let admin: FormClient;
  let orgId: string;

  beforeAll(async () => {
    masto = await startMastodon();
    t = await startTestApp({ database, workers: false, env: stubOutboundEnv });
    admin = await firstAdmin(t);
    orgId = (await t.api<{ id: string }>('GET', '/api/v1/org')).body.id;
  });
  afterAll(async () => {
    await t?.close();
    await masto?.close();
  });

  const org = () => t.ctx.db.kysely.selectFrom('organisations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
  const settingKeys = async () =>
    (await t.ctx.db.kysely.selectFrom('audit_log').select('detail').where('org_id', '=', orgId).where('action', '=', 'organisation.setting').orderBy('id').execute()).map((r) => (JSON.parse(r.detail!) as { key: string }).key).sort();
  const submit = async (browser: FormClient, page: string, action: string, fields: Record<string, string>) => browser.post(action, fields, csrfTokenIn((await browser.get(page)).body));

  it('saves the name, address, sender and theme, each change audited, and says so', async () => {
    const page = await admin.get('/settings');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<iframe id="email-preview" src="/settings/preview?');
    // With htmx, each change of the form fetches a fresh frame (its token left out of the URL).
    expect(page.body).toContain('hx-get="/settings/frame" hx-trigger="change" hx-target="#email-preview" hx-swap="outerHTML" hx-params="not _csrf"');
    const saved = await submit(admin, '/settings', '/settings', {
      name: 'Harbor Legal Aid Society',
      'postal-address': '200 Harbor Drive, San Diego, CA 92101',
      'sender-name': 'Harbor Press Office',
      'sender-address': 'press@harbor.example.org',
      approval: 'off',
      'colour-accent': '#AA3300',
      'logo-url': '',
    });
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe('/settings?saved=1');
    const row = await org();
    expect(row).toMatchObject({ name: 'Harbor Legal Aid Society', postal_address: '200 Harbor Drive, San Diego, CA 92101', sender_name: 'Harbor Press Office', sender_address: 'press@harbor.example.org', approval: 'off' });
    // Only the colour that differs from the templates' own is kept.
    expect(JSON.parse(row.theme!).colors).toEqual({ accent: '#aa3300' });
    // Only what changed: approval was already off.
    expect(await settingKeys()).toEqual(['name', 'postal-address', 'sender-address', 'sender-name', 'theme']);
    const after = await admin.get('/settings?saved=1');
    expect(after.body).toContain('Settings saved.');
    expect(after.body).toContain('value="#aa3300"');
    expect(after.body).toContain('value="Harbor Legal Aid Society"');
  });

  it('saves tracking and the soft bounce rule, and names a rule out of range', async () => {
    const page = await admin.get('/settings');
    expect(page.body).toContain('name="soft-bounce-limit"');
    const saved = await submit(admin, '/settings', '/settings', { tracking: 'off', 'soft-bounce-limit': '5', 'soft-bounce-window-days': '10' });
    expect(saved.statusCode, saved.body).toBe(303);
    expect(await org()).toMatchObject({ tracking: 0, soft_bounce_limit: 5, soft_bounce_window_days: 10 });
    const refused = await submit(admin, '/settings', '/settings', { 'soft-bounce-limit': '0', 'soft-bounce-window-days': '400' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Enter how many soft bounces suppress an address');
    expect(refused.body).toContain('Enter the number of days soft bounces are counted over');
    expect(await org()).toMatchObject({ soft_bounce_limit: 5, soft_bounce_window_days: 10 });
    await submit(admin, '/settings', '/settings', { tracking: 'on', 'soft-bounce-limit': '3', 'soft-bounce-window-days': '30' });
    expect(await org()).toMatchObject({ tracking: 1, soft_bounce_limit: 3, soft_bounce_window_days: 30 });
  });

  it('previews a colour before it is saved: the frame, its email, and the page without JavaScript', async () => {
    const frame = await admin.get('/settings/frame?colour-accent=%2300aa55&_csrf=ignored');
    expect(frame.body).toMatch(/^<iframe id="email-preview" src="\/settings\/preview\?[^"]*colour-accent=%2300aa55/);
    expect(frame.body).not.toContain('_csrf');
    const email = await admin.get('/settings/preview?colour-accent=%2300aa55');
    expect(email.statusCode).toBe(200);
    expect(email.headers['content-security-policy']).toContain('sandbox');
    expect(email.body).toContain('#00aa55');
    expect(email.body).not.toContain('#aa3300');
    const noScript = await admin.get('/settings?colour-accent=%2300aa55');
    expect(noScript.body).toContain('value="#00aa55"');
    expect(noScript.body).toContain('colour-accent=%2300aa55');
    expect(JSON.parse((await org()).theme!).colors).toEqual({ accent: '#aa3300' });
  });

  it('answers an invalid colour and an empty name with the error summary, saving nothing', async () => {
    const before = await settingKeys();
    const res = await submit(admin, '/settings', '/settings', { name: ' ', 'colour-accent': 'red' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<title>Error: Settings · Presswire</title>');
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('<a href="#colour-accent">Links and accents: enter the colour as # and six hex digits, like #1f4e8c</a>');
    expect(res.body).toContain('id="colour-accent-error"');
    expect(res.body).toContain('<a href="#name">Enter the organisation name');
    expect(await settingKeys()).toEqual(before);
    expect((await org()).name).toBe('Harbor Legal Aid Society');
  });

  it('refuses the settings to someone who is not an admin', async () => {
    const editor = await signInByLink(t, await addMember(t, 'eddie@harbor.example.org', 'editor'));
    const csrf = csrfTokenIn((await editor.get('/releases')).body);
    expect((await editor.get('/settings')).statusCode).toBe(403);
    const refused = await editor.post('/settings', { name: 'Taken Over' }, csrf);
    expect(refused.statusCode).toBe(403);
    expect((await org()).name).toBe('Harbor Legal Aid Society');
  });

  it('adds a Mastodon account, lists it and verifies it against the network', async () => {
    const added = await submit(admin, '/accounts/new/mastodon', '/accounts/new/mastodon', { name: '@presswire@social.example', instance: masto.stub.url, accessToken: mastodonToken });
    expect(added.statusCode, added.body).toBe(303);
    expect(added.headers.location).toBe('/accounts');
    const list = await admin.get('/accounts');
    expect(list.body).toContain('<td>@presswire@social.example</td>');
    expect(list.body).toContain('Connected');
    expect(list.body).toContain('Never');
    const id = /action="\/accounts\/(acct_[0-9a-z]{25})\/verify"/.exec(list.body)?.[1];
    expect(id).toBeDefined();
    expect((await admin.post(`/accounts/${id}/verify`, {}, csrfTokenIn(list.body))).statusCode).toBe(303);
    const account = await t.ctx.db.kysely.selectFrom('social_accounts').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();
    expect(account.verified_at).not.toBeNull();
    expect(account.status).toBe('active');
    const checked = await t.ctx.db.kysely.selectFrom('audit_log').select(['detail']).where('action', '=', 'account.verify').where('object_id', '=', id!).executeTakeFirstOrThrow();
    expect(JSON.parse(checked.detail!)).toMatchObject({ network: 'mastodon', outcome: 'verified' });
    expect((await admin.get('/accounts')).body).not.toContain('Never');

    // A network that cannot be reached: back to the list, which shows the problem beside the account.
    masto.stub.next('verify', { status: 503, body: { error: 'down for maintenance' } });
    const unreachable = await admin.post(`/accounts/${id}/verify`, {}, csrfTokenIn(list.body));
    expect(unreachable.statusCode).toBe(303);
    const problem = await t.ctx.db.kysely.selectFrom('social_accounts').select(['status', 'last_error']).where('id', '=', id!).executeTakeFirstOrThrow();
    expect(problem.status).toBe('active');
    expect(problem.last_error).toMatch(/^Mastodon\b/);
    expect((await admin.get('/accounts')).body).toContain(`<td>${problem.last_error}</td>`);
  });

  it('never writes the keys of a failed form back into the page', async () => {
    const canary = 'CANARY-token-9d1e-do-not-echo';
    const masto = await submit(admin, '/accounts/new/mastodon', '/accounts/new/mastodon', { name: '@canary@social.example', instance: 'not an address', accessToken: canary });
    expect(masto.statusCode).toBe(400);
    expect(masto.body).toContain('<a href="#instance">Instance address:');
    expect(masto.body).toContain('value="@canary@social.example"');
    expect(masto.body).not.toContain(canary);
    const bsky = await submit(admin, '/accounts/new/bluesky', '/accounts/new/bluesky', { name: 'canary.bsky.social', appPassword: `my-main-password-${canary}` });
    expect(bsky.statusCode).toBe(400);
    expect(bsky.body).toContain('<a href="#appPassword">App password: must be an app password');
    expect(bsky.body).not.toContain(canary);
    expect(bsky.body).toContain('type="password"');
    const x = await submit(admin, '/accounts/new/x', '/accounts/new/x', { name: '@canary', appKey: canary, appSecret: '', accessToken: '', accessSecret: '' });
    expect(x.statusCode).toBe(400);
    expect(x.body).toContain('<a href="#appSecret">Enter the API key secret</a>');
    expect(x.body).toContain('<a href="#accessToken">Enter the access token</a>');
    expect(x.body).not.toContain(canary);
  });

  it('shows on every page that an account the network refused needs reconnecting', async () => {
    expect((await admin.get('/releases')).body).not.toContain('needs reconnecting');
    const added = await submit(admin, '/accounts/new/mastodon', '/accounts/new/mastodon', { name: '@revoked@social.example', instance: masto.stub.url, accessToken: 'a-revoked-token' });
    expect(added.statusCode, added.body).toBe(303);
    const list = await admin.get('/accounts');
    const id = [...list.body.matchAll(/action="\/accounts\/(acct_[0-9a-z]{25})\/verify"/g)].map((m) => m[1]!);
    const revoked = (await t.ctx.db.kysely.selectFrom('social_accounts').select('id').where('name', '=', '@revoked@social.example').executeTakeFirstOrThrow()).id;
    expect(id).toContain(revoked);
    expect((await admin.post(`/accounts/${revoked}/verify`, {}, csrfTokenIn(list.body))).statusCode).toBe(303);
    const releases = await admin.get('/releases');
    expect(releases.body).toContain('<a href="/accounts">Mastodon account @revoked@social.example needs reconnecting — posts to it are paused</a>');
    expect((await admin.get('/accounts')).body).toContain('Needs reconnecting');
    const spanish = await admin.request({ method: 'GET', url: '/accounts', headers: { 'accept-language': 'es' } });
    expect(spanish.body).toContain('<h1>Cuentas sociales</h1>');
    expect(spanish.body).toContain('La cuenta de Mastodon @revoked@social.example necesita reconectarse: sus publicaciones están en pausa');
  });

  it('traces a reference code to the journalist who received that copy and the visits to its link', async () => {
    expect((await t.api('POST', '/api/v1/lists/trace-desk/import', { body: mediaList })).status).toBe(200);
    const created = await t.api<{ id: string }>('POST', '/api/v1/releases', { json: { source: release } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await t.api('POST', `/api/v1/releases/${created.body.id}/finalize`);
    const sent = await t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId: created.body.id, lists: ['trace-desk'] } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    await planDistribution(t.ctx, sent.body.id);
    const copy = await t.ctx.db.kysely
      .selectFrom('deliveries')
      .select(['address', 'reference_code'])
      .where('distribution_id', '=', sent.body.id)
      .where('reference_code', 'is not', null)
      .orderBy('address')
      .executeTakeFirstOrThrow();
    const code = copy.reference_code!;
    expect((await t.app.inject({ method: 'GET', url: `/e/${code}`, headers: { 'user-agent': 'leak-test-browser/1.0' } })).statusCode).toBe(200);

    const traced = await admin.get(`/trace?code=${encodeURIComponent(code.toLowerCase().replace(/-/g, ' '))}`);
    expect(traced.statusCode).toBe(200);
    expect(traced.body).toContain(`Copy ${code}`);
    expect(traced.body).toContain(copy.address);
    expect(traced.body).toContain(`<a href="/distributions/${sent.body.id}">`);
    expect(traced.body).toContain(`<a href="/releases/${created.body.id}">${headline}</a>`);
    expect(traced.body).toContain('<td>leak-test-browser/1.0</td>');
  });

  it('answers an unknown or malformed code at the field, in words', async () => {
    const unknown = await admin.get('/trace?code=0000-0000-0000');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('<title>Error: Trace a reference code · Presswire</title>');
    expect(unknown.body).toContain('<a href="#code">No copy your organisation sent has this reference code</a>');
    const malformed = await admin.get(`/trace?code=${encodeURIComponent('abc" autofocus onfocus="alert(1)')}`);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain('<a href="#code">Enter the code as 12 letters and digits, like AB12-CD34-EF56</a>');
    expect(malformed.body).not.toContain('onfocus="alert(1)"');
  });

  it('lists the audit log in words, newest first, filtered by action or object, and only the organisation’s own', async () => {
    const other = await createToken(t, { role: 'admin', org: await createOrg(t, 'Coastal Tenants Union') });
    const theirs = await t.as(other.token).api<{ id: string }>('POST', '/api/v1/releases', { json: { source: release } });
    expect(theirs.status).toBe(201);

    const log = await admin.get('/audit');
    expect(log.statusCode).toBe(200);
    for (const words of ['Changed a setting', 'Added a social account', 'Finalized a release', 'Started a send']) expect(log.body).toContain(`<td>${words}</td>`);
    expect(log.body).toContain('<li>key: sender-address</li>');
    expect(log.body).not.toContain(theirs.body.id);
    expect(log.body.indexOf('<td>Started a send</td>')).toBeLessThan(log.body.indexOf('<td>Changed a setting</td>'));

    const accounts = await admin.get('/audit?action=account.create');
    expect(accounts.body).toContain('<td>Added a social account</td>');
    expect(accounts.body).not.toContain('<td>Changed a setting</td>');
    expect(accounts.body).toContain('<option value="account.create" selected>');

    const releaseId = /<a href="\/releases\/(rel_[0-9a-z]{25})">Release /.exec(log.body)?.[1];
    expect(releaseId).toBeDefined();
    const about = await admin.get(`/audit?target=${releaseId}`);
    expect(about.body).toContain('<td>Finalized a release</td>');
    expect(about.body).not.toContain('<td>Added a social account</td>');

    const viewer = await signInByLink(t, await addMember(t, 'vera@harbor.example.org', 'viewer'));
    expect((await viewer.get('/audit')).statusCode).toBe(403);
    expect((await viewer.get('/releases')).body).not.toContain('href="/audit"');
  });

  it('pages through the log, older entries after the last one shown, keeping the filter', async () => {
    for (let i = 0; i < 55; i++) await audit(t.ctx.db, { type: 'system', orgId, label: 'paging test' }, { action: 'email.resume', detail: { resumed: i } });
    const shown = (html: string) => [...html.matchAll(/<li>resumed: (\d+)<\/li>/g)].map((m) => Number(m[1]));
    const first = await admin.get('/audit?action=email.resume');
    expect(shown(first.body)).toHaveLength(50);
    const older = /<a href="(\/audit\?action=email\.resume&after=aud_[0-9a-z]{25})">Older entries<\/a>/.exec(first.body)?.[1];
    expect(older).toBeDefined();
    const second = await admin.get(older!);
    expect(shown(second.body)).toHaveLength(5);
    expect(second.body).not.toContain('Older entries');
    // Every row once: none lost or shown twice between the pages.
    expect([...shown(first.body), ...shown(second.body)].sort((a, b) => a - b)).toEqual([...Array(55).keys()]);
  });
});
