/**
 * The desk's release pages over HTTP (app.inject), as a signed-in browser: the list, a
 * release pasted or uploaded, its page and preview, finalizing; and who may do what — a
 * viewer reads but cannot finalize, another organisation's release is not found, a form
 * without its CSRF token is refused, and nobody signed in is sent to sign in and back.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { csrfTokenIn, FormClient } from '../helpers/forms.js';
import { createOrg, createToken } from '../helpers/people.js';
import { addMember, firstAdmin, signInByLink } from '../helpers/sign-in.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// Embargoed until 2030, so that the embargo is still ahead.
const fixture = readFileSync(new URL('../fixtures/releases/harbor-legal-aid-detention-report-embargoed.txt', import.meta.url), 'utf8').replace('TUESDAY, MARCH 10, 2026', 'TUESDAY, MARCH 12, 2030');
const headline = 'New Report Finds Detained Asylum Seekers in Southern California Wait Months Without Counsel';

describe.each(testDatabaseKinds())('the desk (%s)', (database) => {
  let t: TestApp;
  let admin: FormClient;

  const postMultipart = (browser: FormClient, fields: Record<string, string>, file?: { name: string; content: string }) => browser.postMultipart('/releases/new', fields, file);
  const paste = async (browser: FormClient, text: string) => postMultipart(browser, { _csrf: csrfTokenIn((await browser.get('/releases/new')).body), text });

  beforeAll(async () => {
    t = await startTestApp({ database, workers: false });
    admin = await firstAdmin(t);
  });
  afterAll(async () => t?.close());

  it('serves its stylesheet, icon and htmx itself, and nothing else of those folders', async () => {
    const status = async (url: string) => (await t.app.inject({ url })).statusCode;
    expect(await status('/assets/app.css')).toBe(200);
    expect(await status('/assets/favicon.svg')).toBe(200);
    expect(await status('/assets/vendor/htmx.min.js')).toBe(200);
    expect(await status('/assets/vendor/ext/hx-sse.js')).toBe(200);
    for (const hidden of ['/assets/vendor/htmx.min.js.map', '/assets/vendor/htmx.js', '/assets/vendor/ext/hx-ws.js', '/assets/vendor/ext/hx-sse.min.js.map', '/assets/../routes/assets.ts']) expect(await status(hidden), hidden).toBe(404);
  });

  it('sends someone not signed in to sign in, and back to the page they asked for', async () => {
    const anonymous = new FormClient(t.app);
    const res = await anonymous.get('/releases/new');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Freleases%2Fnew');
    const form = await anonymous.get('/sign-in?next=%2Freleases%2Fnew');
    expect(form.body).toContain('name="next" value="/releases/new"');
    const signedIn = await anonymous.post('/sign-in', { email: 'ada@harbor.example.org', password: 'correct horse battery staple', next: '/releases/new' }, csrfTokenIn(form.body));
    expect(signedIn.headers.location).toBe('/releases/new');
    // Only a path of this site: never another host.
    const elsewhere = await new FormClient(t.app).submit('/sign-in', '/sign-in', { email: 'ada@harbor.example.org', password: 'correct horse battery staple', next: '//evil.example' });
    expect(elsewhere.headers.location).toBe('/account');
  });

  it('imports a pasted release, shows what it understood and its preview, and finalizes it', async () => {
    const empty = await admin.get('/releases');
    expect(empty.statusCode).toBe(200);
    expect(empty.headers['content-security-policy']).toBe(
      "default-src 'none';script-src 'self';style-src 'self';img-src 'self';connect-src 'self';frame-src 'self';form-action 'self';base-uri 'none';frame-ancestors 'none'",
    );
    expect(empty.body).toContain('href="/releases/new"');

    const created = await paste(admin, fixture);
    expect(created.statusCode, created.body).toBe(303);
    const url = String(created.headers.location);
    expect(url).toMatch(/^\/releases\/rel_[0-9a-z]{25}$/);

    const page = await admin.get(url);
    expect(page.statusCode).toBe(200);
    for (const understood of [headline, 'Rosa Delgado', 'Dana Whitfield', 'About Harbor Legal Aid', 'SAN DIEGO', 'America/Los_Angeles', 'Draft']) expect(page.body).toContain(understood);
        expect(page.body).toContain(`<iframe src="${url}/email" sandbox=""`);

    const email = await admin.get(`${url}/email`);
    expect(email.statusCode).toBe(200);
    expect(email.headers['content-security-policy']).toContain('sandbox');
    expect(email.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(email.body).toContain('Harbor Legal Aid');

    const list = await admin.get('/releases');
    expect(list.body).toContain(`<a href="${url}">${headline}</a>`);

    const finalized = await admin.post(`${url}/finalize`, {}, csrfTokenIn(page.body));
    expect(finalized.statusCode).toBe(303);
    const after = await admin.get(url);
    expect(after.body).toContain('Finalized by ada@harbor.example.org');
    expect(after.body).toMatch(/<code class="hash">[0-9a-f]{64}<\/code>/);
    expect(after.body).not.toContain(`action="${url}/finalize"`);
  });

  it('shows on the draft what the importer noticed, after the redirect', async () => {
    const past = fixture.replace('TUESDAY, MARCH 12, 2030', 'TUESDAY, MARCH 10, 2026');
    const created = await paste(admin, past);
    expect(created.statusCode, created.body).toBe(303);
    const page = await admin.get(String(created.headers.location));
    expect(page.body).toContain('When importing, Presswire noticed');
    expect(page.body).toMatch(/The embargo \(until [^)]*\) has already passed; the release is treated as public\./);
  });

  it('imports an uploaded file', async () => {
    const csrf = csrfTokenIn((await admin.get('/releases/new')).body);
    const res = await postMultipart(admin, { _csrf: csrf, text: '' }, { name: 'report.txt', content: fixture });
    expect(res.statusCode, res.body).toBe(303);
  });

  it('answers a form it cannot use with the error summary, the field and an "Error:" title', async () => {
    const csrf = csrfTokenIn((await admin.get('/releases/new')).body);
    const nothing = await postMultipart(admin, { _csrf: csrf, text: '  ' });
    expect(nothing.statusCode).toBe(400);
    expect(nothing.body).toContain('<title>Error: New release · Presswire</title>');
    expect(nothing.body).toContain('There is a problem');
    expect(nothing.body).toContain('<a href="#text">Paste the release text or choose a file</a>');
    expect(nothing.body).toContain('id="text-error"');

    const wrongFile = await postMultipart(admin, { _csrf: csrf, text: '' }, { name: 'photo.png', content: 'x' });
    expect(wrongFile.body).toContain('<a href="#file">The file must be a .md or .txt file</a>');

    const hostile = await postMultipart(admin, { _csrf: csrf, text: '<script>alert(1)</script>' });
    expect(hostile.statusCode).toBe(400);
    expect(hostile.body).not.toContain('<script>alert(1)');
    expect(hostile.body).toContain('&lt;script');
  });

  it('speaks Spanish to a browser that asks for it', async () => {
    const res = await admin.request({ method: 'GET', url: '/releases', headers: { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' } });
    expect(res.body).toContain('<html lang="es">');
    expect(res.body).toContain('Nuevo comunicado');
  });

  it('refuses a form without its CSRF token', async () => {
    const res = await postMultipart(admin, { text: fixture });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('This form has expired');
  });

  it('lets a viewer read the list and a release, but not finalize it', async () => {
    const draft = String((await paste(admin, fixture)).headers.location);
    const viewer = await signInByLink(t, await addMember(t, 'vera@harbor.example.org', 'viewer'));
    expect((await viewer.get('/releases')).statusCode).toBe(200);
    const page = await viewer.get(draft);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(`action="${draft}/finalize"`);
    const refused = await viewer.post(`${draft}/finalize`, {}, csrfTokenIn(page.body));
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('You cannot do that');
    expect((await admin.get(draft)).body).toContain('Draft');
  });

  it('does not find another organisation’s release', async () => {
    const org = await createOrg(t, 'Coastal Tenants Union');
    const other = await createToken(t, { role: 'admin', org });
    const theirs = await t.as(other.token).api<{ id: string }>('POST', '/api/v1/releases', { json: { source: fixture } });
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201);
    expect((await admin.get(`/releases/${theirs.body.id}`)).statusCode).toBe(404);
    expect((await admin.get(`/releases/${theirs.body.id}/email`)).statusCode).toBe(404);
    expect((await admin.get('/releases/not-an-id')).statusCode).toBe(404);
  });
});
