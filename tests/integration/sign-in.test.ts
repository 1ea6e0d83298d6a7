/**
 * Signing in on the pages, as a person does: the first administrator from the first-run
 * link, a password, a link received by email through the development outbox (a real SMTP
 * conversation), the session cookie, CSRF on cookie-authenticated requests, the lock after
 * failed passwords, and the audit rows all of it leaves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstAdminLink } from '../../src/people/first-admin.js';
import { firstOrganisation } from '../../src/organisations/organisations.service.js';
import { issueLink, signInLinkUrl } from '../../src/auth/sign-in-links.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { csrfTokenIn, FormClient } from '../helpers/forms.js';
import { addMember, adminEmail, adminPassword, pathOf, signInByLink } from '../helpers/sign-in.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { until } from '../helpers/wait.js';

interface AuditRow {
  action: string;
  actor: { type: string; label: string | null };
  ip: string | null;
  detail: Record<string, unknown> | null;
}

describe.each(testDatabaseKinds())('signing in (%s)', (database) => {
  let t: TestApp;
  let admin: FormClient;
  const audit = async () => (await t.api<{ entries: AuditRow[] }>('GET', '/api/v1/audit?limit=5000')).body.entries;
  const mailTo = async (address: string) => {
    const dir = t.ctx.config.outbox.dir;
    const files = () => readdirSync(dir).filter((f) => readFileSync(join(dir, f), 'latin1').includes(`X-Presswire-Envelope-To: ${address}`));
    const [file] = await until(async () => files(), (f) => f.length > 0, 10_000);
    return simpleParser(readFileSync(join(dir, file!)));
  };
  const linkIn = (text: string) => /https:\/\/press\.example\.org\/sign-in\/link\/[A-Za-z0-9_-]+/.exec(text)![0];

  beforeAll(async () => {
    t = await startTestApp({ database, workers: false, outbox: true, env: { SIGN_IN_MAX_FAILURES: '3', RATE_LIMIT_SIGN_IN: '1000' } });
  });
  afterAll(async () => t?.close());

  it('creates the first administrator once, from the first-run link', async () => {
    const link = await firstAdminLink({ db: t.ctx.db, publicUrl: t.ctx.config.publicUrl });
    const path = pathOf(link!.url);
    const browser = new FormClient(t.app);
    const form = await browser.get(path);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Create the first administrator');

    const bad = await browser.post(path, { email: 'ada', password: 'short', confirm: 'other' }, csrfTokenIn(form.body));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('<a href="#email">Email has no @</a>');
    expect(bad.body).toContain('Password must be at least 12 characters');
    expect(bad.body).not.toContain('<script');

    const created = await browser.post(path, { email: adminEmail, password: adminPassword, confirm: adminPassword }, csrfTokenIn(bad.body));
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/account');
    const cookie = ([] as string[]).concat(created.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-presswire-session='))!;
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Secure/);
    const account = await browser.get('/account');
    expect(account.body).toContain(`${adminEmail} — admin of Default organisation`);
    admin = browser;

    // The link is spent, and no new one is made once someone exists.
    expect((await new FormClient(t.app).get(path)).statusCode).toBe(410);
    expect((await browser.post(path, { email: 'eve@harbor.example.org', password: adminPassword, confirm: adminPassword }, csrfTokenIn(account.body))).statusCode).toBe(410);
    expect(await firstAdminLink({ db: t.ctx.db, publicUrl: t.ctx.config.publicUrl })).toBeUndefined();
    const user = await t.ctx.db.kysely.selectFrom('users').selectAll().where('email', '=', adminEmail).executeTakeFirstOrThrow();
    expect(user.install_admin).toBe(1);
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const session = await admin.api('GET', '/api/v1/session');
    expect(session.json()).toMatchObject({ via: 'session', role: 'admin', installAdmin: true, person: { type: 'user', label: adminEmail } });
    const actions = (await audit()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.create', 'auth.sign_in']));
  });

  it('signs in with a password, and refuses a wrong one or an unknown address alike', async () => {
    const browser = new FormClient(t.app);
    const signedIn = await browser.submit('/sign-in', '/sign-in', { email: adminEmail.toUpperCase(), password: adminPassword });
    expect(signedIn.statusCode).toBe(303);
    expect((await browser.api('GET', '/api/v1/session')).statusCode).toBe(200);

    const wrong = await new FormClient(t.app).submit('/sign-in', '/sign-in', { email: adminEmail, password: 'not the password at all' });
    const unknown = await new FormClient(t.app).submit('/sign-in', '/sign-in', { email: 'nobody@harbor.example.org', password: 'not the password at all' });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('The email or the password is not right');
      expect(res.headers['set-cookie']?.toString() ?? '').not.toContain('presswire-session=');
    }
    const org = await firstOrganisation(t.ctx.db);
    const failed = await t.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'auth.sign_in_failed').execute();
    expect(failed.find((r) => r.actor_label === adminEmail)).toMatchObject({ actor_type: 'anonymous', org_id: org.id, ip: '127.0.0.1' });
    expect(failed.find((r) => r.actor_label === null)).toMatchObject({ actor_type: 'anonymous', org_id: null, ip: '127.0.0.1' });
  });

  it('emails a one-time link through the outbox: opening it signs nobody in, its button does, once', async () => {
    const browser = new FormClient(t.app);
    const asked = await browser.submit('/sign-in', '/sign-in/link', { email: adminEmail });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Check your email');
    const unknown = await browser.submit('/sign-in', '/sign-in/link', { email: 'nobody@harbor.example.org' });
    expect(unknown.body).toBe(asked.body); // the same page either way

    const mail = await mailTo(adminEmail);
    expect(mail.from?.text).toBe('"Harbor Newsroom" <newsroom@press.example.org>');
    expect(mail.subject).toBe('Sign in to Presswire (Default organisation)');
    const link = linkIn(mail.text ?? '');
    expect(mail.html).toContain(link);

    // A scanner fetching the link twice uses nothing up.
    for (let i = 0; i < 2; i++) {
      const opened = await browser.get(pathOf(link));
      expect(opened.statusCode).toBe(200);
      expect(opened.body).toMatch(/<button type="submit"[^>]*>Sign in<\/button>/);
    }
    expect(browser.cookies.has('__Host-presswire-session')).toBe(false);
    const landing = await browser.get(pathOf(link));
    const used = await browser.post(pathOf(link), {}, csrfTokenIn(landing.body));
    expect(used.statusCode).toBe(303);
    expect((await browser.api('GET', '/api/v1/session')).json()).toMatchObject({ via: 'session', person: { label: adminEmail } });
    const other = new FormClient(t.app);
    expect((await other.get(pathOf(link))).statusCode).toBe(410);
    expect((await other.post(pathOf(link), {}, csrfTokenIn((await other.get('/sign-in')).body))).statusCode).toBe(410);
    expect(readdirSync(t.ctx.config.outbox.dir).some((f) => readFileSync(join(t.ctx.config.outbox.dir, f), 'latin1').includes('nobody@harbor.example.org'))).toBe(false);
    expect((await audit()).filter((a) => a.action === 'auth.link_sent')).toHaveLength(1);
  });

  it('refuses an expired link', async () => {
    const user = await t.ctx.db.kysely.selectFrom('users').select('id').where('email', '=', adminEmail).executeTakeFirstOrThrow();
    const org = await firstOrganisation(t.ctx.db);
    const { token } = await issueLink(t.ctx.db.kysely, { userId: user.id, orgId: org.id, purpose: 'sign_in' }, 15 * 60_000, Date.now() - 16 * 60_000);
    const path = pathOf(signInLinkUrl(t.ctx.config.publicUrl, token));
    const browser = new FormClient(t.app);
    expect((await browser.get(path)).statusCode).toBe(410);
    const form = await browser.get('/sign-in');
    expect((await browser.post(path, {}, csrfTokenIn(form.body))).statusCode).toBe(410);
  });

  it('asks a cookie-authenticated request for its CSRF token, and a bearer request for none', async () => {
    const member = { email: 'lin@harbor.example.org', role: 'viewer' };
    const refused = await admin.api('POST', '/api/v1/users', member);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'FORBIDDEN', detail: expect.stringContaining('CSRF') });
    const { csrfToken } = (await admin.api('GET', '/api/v1/session')).json<{ csrfToken: string }>();
    expect((await admin.api('POST', '/api/v1/users', member, 'forged-token')).statusCode).toBe(403);
    expect((await admin.api('POST', '/api/v1/users', member, csrfToken)).statusCode).toBe(201);
    expect((await t.api('POST', '/api/v1/users', { json: { email: 'max@harbor.example.org', role: 'viewer' } })).status).toBe(201);

    // A form posted from elsewhere carries no token of ours.
    expect((await admin.post('/sign-out', {}, null)).statusCode).toBe(403);
    expect((await new FormClient(t.app).post('/sign-in', { email: adminEmail, password: adminPassword }, null)).statusCode).toBe(403);
  });

  it('sets a password after a link sign-in, and signs out', async () => {
    const browser = await signInByLink(t, await addMember(t, 'grace@harbor.example.org', 'editor'));
    const account = await browser.get('/account');
    expect(account.body).toContain('Set password');
    const mismatch = await browser.post('/account/password', { password: 'a long enough password', confirm: 'another one entirely' }, csrfTokenIn(account.body));
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('The password again is not the same password');
    const saved = await browser.post('/account/password', { password: 'a long enough password', confirm: 'a long enough password' }, csrfTokenIn(mismatch.body));
    expect(saved.statusCode).toBe(303);
    const set = await browser.get(String(saved.headers.location));
    expect(set.body).toContain('Your password is set.');

    const out = await browser.post('/sign-out', {}, csrfTokenIn(set.body));
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/sign-in');
    expect((await browser.api('GET', '/api/v1/session')).statusCode).toBe(401);
    expect((await new FormClient(t.app).submit('/sign-in', '/sign-in', { email: 'grace@harbor.example.org', password: 'a long enough password' })).statusCode).toBe(303);
    expect((await audit()).map((a) => a.action)).toEqual(expect.arrayContaining(['user.password_set', 'auth.sign_out']));
  });

  it('locks an address after repeated failed passwords, the right one included, while an emailed link still works', async () => {
    const email = 'grace@harbor.example.org';
    const attempt = (password: string) => new FormClient(t.app).submit('/sign-in', '/sign-in', { email, password });
    expect((await attempt('wrong password one')).statusCode).toBe(401);
    expect((await attempt('wrong password two')).statusCode).toBe(401);
    const locked = await attempt('wrong password three');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(50);
    expect(locked.body).toContain('Too many failed passwords for this address');
    expect((await attempt('a long enough password')).statusCode).toBe(429);

    // An address without an account locks alike: the answers tell nothing about which exist.
    for (let i = 0; i < 2; i++) await new FormClient(t.app).submit('/sign-in', '/sign-in', { email: 'ghost@harbor.example.org', password: 'guess' });
    expect((await new FormClient(t.app).submit('/sign-in', '/sign-in', { email: 'ghost@harbor.example.org', password: 'guess' })).statusCode).toBe(429);

    await new FormClient(t.app).submit('/sign-in', '/sign-in/link', { email });
    const browser = await signInByLink(t, linkIn((await mailTo(email)).text ?? ''));
    expect((await browser.api('GET', '/api/v1/session')).json()).toMatchObject({ person: { label: email }, role: 'editor' });
    const failures = (await audit()).filter((a) => a.action === 'auth.sign_in_failed' && a.actor.label === email);
    expect(failures.map((f) => f.detail?.reason)).toEqual(['wrong password', 'wrong password', 'wrong password', 'locked']);
  });
});
