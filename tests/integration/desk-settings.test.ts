/**
 * The desk's settings and social accounts pages over HTTP (app.inject), as a
 * signed-in browser: settings saved one audited change at a time and previewed before they
 * are saved; accounts added and verified against a stub Mastodon, a refused one announced on
 * every page, and keys never written back into a page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { csrfTokenIn, FormClient } from '../helpers/forms.js';
import { addMember, firstAdmin, signInByLink } from '../helpers/sign-in.js';
import { startMastodon, stubOutboundEnv, type Harness } from '../helpers/social/harness.js';
import { mastodonToken, type MastodonStub } from '../helpers/social/mastodon-stub.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe.each(testDatabaseKinds())('the desk: settings and social accounts (%s)', (database) => {
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
    expect((await admin.get('/accounts')).body).not.toContain('Never');
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
  });
});
