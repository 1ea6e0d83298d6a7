/**
 * The desk's people pages over HTTP (app.inject), as signed-in browsers: the sign-in pages
 * and the account page in English and Spanish, the interface language a person chose
 * beating the browser's, the organisation switcher (a release of the other organisation is
 * seen only after switching, with the role held there), people added, given another role
 * and removed through the pages, a token whose secret is shown once, the outbox and the
 * unsubscribe page on the one layout — and who may do what, with the audit rows it leaves.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { csrfTokenIn, FormClient } from '../helpers/forms.js';
import { auditActions, createOrg, createToken } from '../helpers/people.js';
import { addMember, adminEmail, firstAdmin, pathOf, signInByLink } from '../helpers/sign-in.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const fixture = readFileSync(new URL('../fixtures/releases/harbor-legal-aid-detention-report-embargoed.txt', import.meta.url), 'utf8');
const headline = 'New Report Finds Detained Asylum Seekers in Southern California Wait Months Without Counsel';
const spanish = { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' };

describe.each(testDatabaseKinds())('the desk’s people pages (%s)', (database) => {
  let t: TestApp;
  let admin: FormClient;

  const getAs = (browser: FormClient, url: string, headers: Record<string, string> = {}) => browser.request({ method: 'GET', url, headers });
  /** Open a page, then send one of its forms with that page's token. */
  const send = async (browser: FormClient, pageUrl: string, action: string, fields: Record<string, string>) => browser.post(action, fields, csrfTokenIn((await browser.get(pageUrl)).body));

  beforeAll(async () => {
    t = await startTestApp({ database, workers: false, outbox: true });
    admin = await firstAdmin(t);
  });
  afterAll(async () => t?.close());

  it('shows the sign-in pages on the one layout, in the browser’s language, without navigation or scripts', async () => {
    const anonymous = new FormClient(t.app);
    const english = await anonymous.get('/sign-in');
    expect(english.statusCode).toBe(200);
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('<link rel="stylesheet" href="/assets/app.css"');
    expect(english.body).toContain('Email me a link');
    expect(english.body).not.toContain('<nav');
    expect(english.body).not.toContain('<script');
    expect(english.headers['content-security-policy']).toContain("style-src 'self'");

    const es = await getAs(anonymous, '/sign-in', spanish);
    expect(es.body).toContain('<html lang="es">');
    expect(es.body).toContain('Iniciar sesión en Presswire');
    expect(es.body).toContain('Enviarme un enlace');

    const failed = await anonymous.request({ method: 'POST', url: '/sign-in', headers: { ...spanish, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrfTokenIn(es.body), email: 'nadie', password: '' }).toString() });
    expect(failed.statusCode).toBe(400);
    expect(failed.body).toContain('<title>Error: Iniciar sesión en Presswire · Presswire</title>');
    expect(failed.body).toContain('<a href="#email">Escriba una dirección de correo válida</a>');
    expect(failed.body).toContain('id="email-error"');
  });

  it('shows the account page in Spanish to a Spanish browser, and the language a person chose over it', async () => {
    const es = await getAs(admin, '/account', spanish);
    expect(es.statusCode).toBe(200);
    expect(es.body).toContain('Su cuenta');
    expect(es.body).toContain(`${adminEmail} — administrador de Default organisation`);
    expect(es.body).toContain('aria-current="page"');

    const saved = await send(admin, '/account', '/account/language', { locale: 'es' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/account?done=language');
    const english = { 'accept-language': 'en-US,en;q=0.9' };
    const chosen = await getAs(admin, '/releases', english);
    expect(chosen.body).toContain('<html lang="es">');
    expect(chosen.body).toContain('Nuevo comunicado');
    expect((await getAs(admin, '/account?done=language', english)).body).toContain('Su idioma de la interfaz está guardado.');
    const user = await t.ctx.db.kysely.selectFrom('users').select(['id', 'locale']).where('email', '=', adminEmail).executeTakeFirstOrThrow();
    expect(user.locale).toBe('es');

    expect((await send(admin, '/account', '/account/language', { locale: 'browser' })).statusCode).toBe(303);
    expect((await getAs(admin, '/releases', english)).body).toContain('<html lang="en">');
    expect((await getAs(admin, '/releases', spanish)).body).toContain('<html lang="es">');
    const rows = (await auditActions(t)).filter((a) => a.action === 'user.locale');
    expect(rows.map((r) => r.detail)).toEqual([{ locale: 'es' }, { locale: null }]);
    expect(rows[0]!.actor).toMatchObject({ type: 'user', id: user.id });

    const wrong = await send(admin, '/account', '/account/language', { locale: 'fr' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('<a href="#locale">Choose a language</a>');
  });

  it('switches the organisation from the masthead: the other organisation’s release is seen only after, with the role held there', async () => {
    const other = await createOrg(t, 'Coastal Tenants Union');
    const theirs = await createToken(t, { role: 'admin', org: other });
    const release = await t.as(theirs.token).api<{ id: string }>('POST', '/api/v1/releases', { json: { source: fixture } });
    expect(release.status, JSON.stringify(release.body)).toBe(201);
    const third = await createOrg(t, 'Inland Workers Center');

    const before = await admin.get('/releases');
    expect(before.body).not.toContain(headline);
    expect(before.body).not.toContain('action="/account/organisation"'); // one organisation: nothing to switch to

    const joined = await t.api('POST', '/api/v1/users', { json: { email: adminEmail, role: 'viewer', org: other } });
    expect(joined.status, JSON.stringify(joined.body)).toBe(201);
    const masthead = await admin.get('/releases');
    expect(masthead.body).toContain('action="/account/organisation"');
    expect(masthead.body).toContain(`<option value="${other}">Coastal Tenants Union</option>`);

    const refused = await admin.post('/account/organisation', { org: third }, csrfTokenIn(masthead.body));
    expect(refused.statusCode).toBe(404);
    expect((await admin.get('/releases')).body).not.toContain(headline);

    const switched = await admin.post('/account/organisation', { org: other }, csrfTokenIn(masthead.body));
    expect(switched.statusCode).toBe(303);
    expect(switched.headers.location).toBe('/releases');
    const after = await admin.get('/releases');
    expect(after.body).toContain(headline);
    expect(after.body).toMatch(new RegExp(`<option value="${other}" selected>Coastal Tenants Union</option>`));
    expect((await admin.api('GET', '/api/v1/session')).json()).toMatchObject({ orgId: other, role: 'viewer' });
    // A viewer there: the people pages are an admin's.
    expect((await admin.get('/people')).statusCode).toBe(403);

    const rows = await t.as(theirs.token).api<{ entries: { action: string; detail: Record<string, unknown> | null }[] }>('GET', '/api/v1/audit?limit=5000');
    expect(rows.body.entries).toContainEqual(expect.objectContaining({ action: 'auth.switch_organisation', detail: expect.objectContaining({ to: other, role: 'viewer' }) }));

    const home = (await t.ctx.db.kysely.selectFrom('organisations').select('id').where('name', '=', 'Default organisation').executeTakeFirstOrThrow()).id;
    expect((await admin.post('/account/organisation', { org: home }, csrfTokenIn(after.body))).statusCode).toBe(303);
    expect((await admin.get('/releases')).body).not.toContain(headline);
    expect((await admin.api('GET', '/api/v1/session')).json()).toMatchObject({ orgId: home, role: 'admin' });
  });

  it('adds a person through the page, hands over their link once, changes their role and removes them', async () => {
    const list = await admin.get('/people');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(adminEmail);
    expect(list.body).toContain('href="/people/new"');
    expect(list.body).toContain('Last signed in');
    expect(list.body).toMatch(/<td>ada@harbor\.example\.org<\/td><td>admin<\/td><td>Set<\/td><td>\w{3} \d+, \d{4}/);

    const bad = await send(admin, '/people/new', '/people/new', { email: 'lin', role: 'editor' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<title>Error: Add a person · Presswire</title>');
    expect(bad.body).toContain('<a href="#email">Email has no @</a>');

    const added = await send(admin, '/people/new', '/people/new', { email: 'lin@harbor.example.org', role: 'editor' });
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('lin@harbor.example.org was added as editor.');
    expect(added.body).toContain('It has not been emailed');
    const link = /https:\/\/press\.example\.org\/sign-in\/link\/[A-Za-z0-9_-]{43}/.exec(added.body)![0];
    expect((await admin.get('/people')).body).not.toContain(pathOf(link));

    const twice = await send(admin, '/people/new', '/people/new', { email: 'lin@harbor.example.org', role: 'viewer' });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('already a member');

    expect((await admin.get('/people')).body).toMatch(/<td>lin@harbor\.example\.org<\/td><td>editor<\/td><td>Signs in by link<\/td><td>Not yet<\/td>/);
    const lin = await signInByLink(t, link);
    expect((await lin.api('GET', '/api/v1/session')).json()).toMatchObject({ role: 'editor' });
    expect((await lin.get('/people')).statusCode).toBe(403);

    expect((await send(admin, '/people', '/people/role', { email: 'lin@harbor.example.org', role: 'sender' })).statusCode).toBe(303);
    expect((await lin.api('GET', '/api/v1/session')).json()).toMatchObject({ role: 'sender' });

    const confirm = await admin.get('/people/remove?email=lin%40harbor.example.org');
    expect(confirm.body).toContain('Remove lin@harbor.example.org?');
    expect(confirm.body).toContain('Yes, remove lin@harbor.example.org');
    expect((await admin.get('/people/remove?email=nobody%40harbor.example.org')).statusCode).toBe(404);
    const removed = await admin.post('/people/remove', { email: 'lin@harbor.example.org' }, csrfTokenIn(confirm.body));
    expect(removed.statusCode).toBe(303);
    expect((await lin.api('GET', '/api/v1/session')).statusCode).toBe(401);
    expect((await admin.get('/people')).body).not.toContain('lin@harbor.example.org');

    const last = await send(admin, '/people', '/people/role', { email: adminEmail, role: 'viewer' });
    expect(last.statusCode).toBe(409);
    expect(last.body).toContain('last administrator');

    const actions = await auditActions(t);
    expect(actions).toContainEqual(expect.objectContaining({ action: 'user.create', detail: { email: 'lin@harbor.example.org', role: 'editor' } }));
    expect(actions).toContainEqual(expect.objectContaining({ action: 'user.role', detail: { email: 'lin@harbor.example.org', from: 'editor', to: 'sender' } }));
    expect(actions).toContainEqual(expect.objectContaining({ action: 'user.remove', detail: expect.objectContaining({ email: 'lin@harbor.example.org' }) }));
  });

  it('shows a new token’s secret once, on the answer page only, and revokes it', async () => {
    await addMember(t, 'max@harbor.example.org', 'sender');
    const form = await admin.get('/people/tokens/new');
    expect(form.body).toContain('<option value="max@harbor.example.org">max@harbor.example.org</option>');
    const empty = await admin.post('/people/tokens/new', { name: ' ', role: 'viewer', user: '' }, csrfTokenIn(form.body));
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('<a href="#name">Name is empty</a>');

    const created = await admin.post('/people/tokens/new', { name: 'nightly import', role: 'admin', user: 'max@harbor.example.org' }, csrfTokenIn(form.body));
    expect(created.statusCode).toBe(200);
    expect(created.body).toContain('it will not be shown again');
    const secret = /id="token-secret"[^>]*value="([^"]+)"/.exec(created.body)![1]!;
    expect((await t.as(secret).api<{ role: string; person: { label: string } }>('GET', '/api/v1/session')).body).toMatchObject({ role: 'sender', person: { label: 'max@harbor.example.org' } });

    const list = await admin.get('/people/tokens');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('nightly import');
    expect(list.body).not.toContain(secret);
    const row = await t.ctx.db.kysely.selectFrom('api_tokens').select('id').where('name', '=', 'nightly import').executeTakeFirstOrThrow();
    expect(list.body).toContain(`action="/people/tokens/${row.id}/revoke"`);
    const revoked = await admin.post(`/people/tokens/${row.id}/revoke`, {}, csrfTokenIn(list.body));
    expect(revoked.statusCode).toBe(303);
    expect((await t.as(secret).api('GET', '/api/v1/session')).status).toBe(401);
    expect((await admin.get('/people/tokens')).body).toContain('Revoked on');

    const actions = await auditActions(t);
    expect(actions).toContainEqual(expect.objectContaining({ action: 'token.create', detail: expect.objectContaining({ name: 'nightly import', role: 'sender', user: 'max@harbor.example.org' }) }));
    expect(actions).toContainEqual(expect.objectContaining({ action: 'token.revoke', object: { type: 'token', id: row.id } }));
    expect(JSON.stringify(actions)).not.toContain(secret);
  });

  it('refuses the people pages to a non-admin and every form without its CSRF token', async () => {
    const editor = await signInByLink(t, await addMember(t, 'ed@harbor.example.org', 'editor'));
    for (const url of ['/people', '/people/new', '/people/tokens', '/people/tokens/new']) {
      const res = await editor.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.body).toContain('You cannot do that');
    }
    expect((await editor.get('/account')).statusCode).toBe(200);
    for (const [url, fields] of [
      ['/people/new', { email: 'eve@harbor.example.org', role: 'admin' }],
      ['/people/role', { email: 'ed@harbor.example.org', role: 'admin' }],
      ['/people/tokens/new', { name: 'x', role: 'admin', user: '' }],
      ['/account/language', { locale: 'es' }],
    ] as const) {
      const res = await admin.post(url, fields, null);
      expect(res.statusCode, url).toBe(403);
      expect(res.body).toContain('This form has expired');
    }
    expect((await auditActions(t)).some((a) => a.detail?.email === 'eve@harbor.example.org')).toBe(false);
  });

  it('shows the outbox on the layout, in its section', async () => {
    const res = await admin.get('/outbox');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Development outbox</h1>');
    expect(res.body).toContain('<a href="/outbox" aria-current="page">');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await getAs(admin, '/outbox', spanish)).body).toContain('Bandeja de salida de desarrollo');
  });

  it('shows the unsubscribe page without navigation, in the browser’s language when the link names nobody', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/u/not-a-real-token', headers: spanish });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('<html lang="es">');
    expect(res.body).toContain('Darse de baja');
    expect(res.body).not.toContain('<nav');
    expect(res.body).toContain('/assets/app.css');
  });
});
