/**
 * The desk's lists and contacts pages over HTTP (app.inject), as signed-in browsers: the
 * lists with their counts, importing the messy Cision-style export and reading its report
 * row by row (again after a reload, and its rejected rows as a CSV that runs no formula),
 * a list's contacts and early access, finding and correcting a contact, the suppression
 * list and restoring an address; and who may do what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstOrganisation } from '../../src/organisations/organisations.service.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { readFixture } from '../helpers/fixtures.js';
import { csrfTokenIn, FormClient } from '../helpers/forms.js';
import { createOrg, createToken } from '../helpers/people.js';
import { addMember, firstAdmin, signInByLink } from '../helpers/sign-in.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const cision = readFixture('contacts/media-list-cision-style.csv');

describe.each(testDatabaseKinds())('the desk’s lists (%s)', (database) => {
  let t: TestApp;
  let admin: FormClient;
  let viewer: FormClient;
  let sender: FormClient;

  const importForm = async (browser: FormClient, fields: Record<string, string>, file?: { name: string; content: string }) =>
    browser.postMultipart('/lists/import', { _csrf: csrfTokenIn((await browser.get('/lists/import')).body), ...fields }, file);

  const contactId = async (email: string) => (await t.ctx.db.kysely.selectFrom('contacts').select('id').where('email_key', '=', email).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    t = await startTestApp({ database, workers: false });
    admin = await firstAdmin(t);
    viewer = await signInByLink(t, await addMember(t, 'vera@harbor.example.org', 'viewer'));
    sender = await signInByLink(t, await addMember(t, 'sam@harbor.example.org', 'sender'));
  });
  afterAll(async () => t?.close());

  it('says in words that there are no lists yet, and offers the import', async () => {
    const page = await viewer.get('/lists');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('There are no lists yet.');
    expect(page.body).not.toContain('href="/lists/import"');
    expect((await admin.get('/lists')).body).toContain('<a class="button" href="/lists/import">Import contacts</a>');
  });

  it('imports the Cision-style export and shows every duplicate and rejected row with its row number and reason', async () => {
    const res = await importForm(admin, { list: 'LA press', text: '' }, { name: 'cision-export.csv', content: cision });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/lists/LA%20press/last-import');

    // What a reload shows: the report is read back from the import's audit row.
    const report = await viewer.get(String(res.headers.location));
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('<h1>Import into LA press</h1>');
    expect(report.body).toContain('Imported by ada@harbor.example.org');
    expect(report.body).toMatch(/<dt>New contacts<\/dt>\s*<dd>15<\/dd>/);
    expect(report.body).toMatch(/<dt>Duplicate rows, skipped<\/dt>\s*<dd>1<\/dd>/);
    expect(report.body).toMatch(/<dt>Rejected rows, not imported<\/dt>\s*<dd>3<\/dd>/);
    expect(report.body).toMatch(/<td>10<\/td>\s*<td>Email &#39;marcus.bell@@valleytimes.example.com&#39; has more than one @<\/td>/);
    expect(report.body).toMatch(/<td>11<\/td>\s*<td>Email is empty<\/td>/);
    expect(report.body).toMatch(/<td>18<\/td>\s*<td>First Name looks like a spreadsheet formula<\/td>/);
    expect(report.body).toMatch(/<td>9<\/td>\s*<td>lena.fischer@wire-service.example.com<\/td>\s*<td>8<\/td>/);
    expect(report.body).toContain('href="/lists/LA%20press/last-import/rejected.csv"');

    const audit = await t.ctx.db.kysely.selectFrom('audit_log').select('detail').where('action', '=', 'list.import').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toMatchObject({ name: 'LA press', imported: 15, rejected: 3 });
  });

  it('takes a media list larger than the desk’s other forms allow', async () => {
    // An ignored column of long notes makes a file over 1 MiB out of a few rows.
    const notes = 'n'.repeat(300 * 1024);
    const big = ['Email,Name,Notes', ...['a', 'b', 'c', 'd'].map((x) => `${x}@big.example.org,Big ${x},${notes}`)].join('\n');
    const res = await importForm(admin, { list: 'Big list', text: '' }, { name: 'big.csv', content: big });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    expect((await admin.get(String(res.headers.location))).body).toMatch(/<dt>New contacts<\/dt>\s*<dd>4<\/dd>/);
  });

  it('hands back the rejected rows as a CSV with the original header, row and reason, and no cell a spreadsheet would run', async () => {
    const res = await viewer.get('/lists/LA%20press/last-import/rejected.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="LA-press-rejected-rows.csv"');
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('"Row","Reason","First Name","Last Name","Email","Outlet","Title","Beat","City","State","Language","Twitter"');
    expect(lines[1]).toBe('"10","Email \'marcus.bell@@valleytimes.example.com\' has more than one @","Marcus","Bell","marcus.bell@@valleytimes.example.com","Valley Times","Reporter","Politics","Riverside","CA","en",""');
    expect(lines[2]).toContain('"11","Email is empty","Sofia","Reyes",""');
    expect(lines[3]).toBe('"18","First Name looks like a spreadsheet formula","\'=cmd|\' /C calc\'!A0","Injection","formula@attacker.example.com","Spreadsheet Test","","","","","en",""');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
  });

  it('lists the list with its count, and its contacts a page at a time', async () => {
    const index = await viewer.get('/lists');
    expect(index.body).toMatch(/<a href="\/lists\/LA%20press">LA press<\/a><\/td>\s*<td>15<\/td>\s*<td>No<\/td>/);

    const page = await viewer.get('/lists/LA%20press');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>LA press</h1>');
    expect(page.body).toContain('<td>José Ñúñez</td>');
    expect(page.body).not.toContain('/edit"');
    expect(page.body).not.toContain('action="/lists/LA%20press/early-access"');

    // 15 contacts on one page of 50; a second page starts after the last address.
    expect(page.body).not.toContain('rel="next"');
    const after = await viewer.get('/lists/LA%20press?after=priya%40borderreport.example.net');
    expect(after.body).toContain('wei.zhang@pacificpost.example.org');
    expect(after.body).not.toContain('ana.morales@ledger.example.com');
  });

  it('gives a list early access for an editor and up, audited; a viewer is refused', async () => {
    const page = await sender.get('/lists/LA%20press');
    expect(page.body).toContain('Give this list early access');
    const refused = await viewer.post('/lists/LA%20press/early-access', { earlyAccess: 'yes' }, csrfTokenIn(page.body));
    expect(refused.statusCode).toBe(403);

    const granted = await sender.post('/lists/LA%20press/early-access', { earlyAccess: 'yes' }, csrfTokenIn(page.body));
    expect(granted.statusCode).toBe(303);
    expect(granted.headers.location).toBe('/lists/LA%20press');
    const list = await t.ctx.db.kysely.selectFrom('lists').select('early_access').where('name', '=', 'LA press').executeTakeFirstOrThrow();
    expect(list.early_access).toBe(1);
    expect((await sender.get('/lists/LA%20press')).body).toContain('Stop early access');
    const audit = await t.ctx.db.kysely.selectFrom('audit_log').select(['actor_label', 'detail']).where('action', '=', 'list.update').executeTakeFirstOrThrow();
    expect(audit.actor_label).toBe('sam@harbor.example.org');
  });

  it('finds contacts by part of a name, address or outlet', async () => {
    const byOutlet = await viewer.get('/contacts?q=noticias');
    expect(byOutlet.statusCode).toBe(200);
    expect(byOutlet.body).toContain('2 contacts on this page');
    expect(byOutlet.body).toContain('mj.garcia@noticiasdelvalle.example.org');
    expect(byOutlet.body).not.toContain('ana.morales@ledger.example.com');
    expect((await viewer.get('/contacts?q=kwame')).body).toContain('Kwame Mensah');
    expect((await viewer.get('/contacts?q=100%25')).body).toContain('No contact matches.');
  });

  it('corrects a contact: the database changes and the audit row says what each field was', async () => {
    const id = await contactId('dkim@ledger.example.com');
    expect((await viewer.get(`/contacts/${id}/edit`)).statusCode).toBe(403);
    const form = await admin.get(`/contacts/${id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Los Angeles Ledger"');

    const fields = { name: 'David Kim', outlet: 'LA Ledger', title: 'Metro Editor', beat: 'Metro', city: 'Los Angeles', region: 'CA', country: '', language: 'Spanish', twitter: '', phone: '', embargoOk: 'yes' };
    const saved = await admin.post(`/contacts/${id}/edit`, fields, csrfTokenIn(form.body));
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe(`/contacts/${id}/edit?saved=1`);
    expect((await admin.get(String(saved.headers.location))).body).toContain('Changes saved.');

    const row = await t.ctx.db.kysely.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ outlet: 'LA Ledger', language: 'es', embargo_ok: 1, email_key: 'dkim@ledger.example.com' });
    const audit = await t.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'contact.update').where('object_id', '=', id).executeTakeFirstOrThrow();
    expect(audit.actor_label).toBe('ada@harbor.example.org');
    expect(JSON.parse(audit.detail!)).toEqual({
      email: 'dkim@ledger.example.com',
      changes: { outlet: { from: 'Los Angeles Ledger', to: 'LA Ledger' }, language: { from: 'en', to: 'es' }, embargo_ok: { from: null, to: 1 } },
    });
  });

  it('turns tracking off for a contact who asks, audited, and shows the choice on the form', async () => {
    const id = await contactId('kwame.mensah@newsroom.example.org');
    const form = await admin.get(`/contacts/${id}/edit`);
    expect(form.body).toMatch(/name="tracking" value="on"[^>]*checked/);
    const saved = await admin.post(`/contacts/${id}/edit`, { name: 'Kwame Mensah', embargoOk: 'unknown', tracking: 'off' }, csrfTokenIn(form.body));
    expect(saved.statusCode, saved.body).toBe(303);
    expect((await t.ctx.db.kysely.selectFrom('contacts').select('tracking_off').where('id', '=', id).executeTakeFirstOrThrow()).tracking_off).toBe(1);
    expect((await admin.get(`/contacts/${id}/edit`)).body).toMatch(/name="tracking" value="off"[^>]*checked/);
    const audit = await t.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'contact.update').where('object_id', '=', id).orderBy('at', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!).changes.tracking_off).toEqual({ from: 0, to: 1 });
  });

  it('answers a contact form it cannot use with the error summary, the field and an "Error:" title', async () => {
    const id = await contactId('dkim@ledger.example.com');
    const csrf = csrfTokenIn((await admin.get(`/contacts/${id}/edit`)).body);
    const failed = await admin.post(`/contacts/${id}/edit`, { name: 'David Kim', outlet: 'x'.repeat(201), language: 'Klingon', embargoOk: 'unknown' }, csrf);
    expect(failed.statusCode).toBe(400);
    expect(failed.body).toContain('<title>Error: Edit David Kim · Presswire</title>');
    expect(failed.body).toContain('There is a problem');
    expect(failed.body).toContain('<a href="#outlet">Outlet must be 200 characters or fewer</a>');
    expect(failed.body).toContain('id="outlet-error"');
    const language = await admin.post(`/contacts/${id}/edit`, { name: 'David Kim', language: 'Klingon', embargoOk: 'unknown' }, csrf);
    expect(language.statusCode).toBe(400);
    expect(language.body).toContain('<a href="#language">Enter a language Presswire knows, for example en, es or Spanish</a>');
    expect((await t.ctx.db.kysely.selectFrom('contacts').select('outlet').where('id', '=', id).executeTakeFirstOrThrow()).outlet).toBe('LA Ledger');
  });

  it('answers an import form it cannot use with the error summary and an "Error:" title', async () => {
    const nothing = await importForm(admin, { list: 'LA press', text: '' });
    expect(nothing.statusCode).toBe(400);
    expect(nothing.body).toContain('<title>Error: Import contacts · Presswire</title>');
    expect(nothing.body).toContain('<a href="#file">Choose a CSV file or paste its text</a>');
    expect(nothing.body).toContain('id="file-error"');

    const badName = await importForm(admin, { list: '../etc', text: 'Email\nana@example.org' });
    expect(badName.statusCode).toBe(400);
    expect(badName.body).toContain('<a href="#list">Enter a list name that starts with a letter or digit');
    expect(badName.body).toContain('id="list-error"');

    const noEmailColumn = await importForm(admin, { list: 'LA press', text: 'Name,Outlet\nAna,Daily' });
    expect(noEmailColumn.statusCode).toBe(400);
    expect(noEmailColumn.body).toContain('<a href="#text">Presswire could not read this file:');
  });

  it('does not find another organisation’s contact or list', async () => {
    const org = await createOrg(t, 'Coastal Tenants Union');
    const other = await createToken(t, { role: 'admin', org });
    const imported = await t.as(other.token).api('POST', '/api/v1/lists/tenants/import', { body: 'Email,Name\nrita@coast.example.org,Rita Ola', contentType: 'text/csv' });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const theirs = await contactId('rita@coast.example.org');
    const form = await admin.get('/lists/import');
    expect((await admin.get(`/contacts/${theirs}/edit`)).statusCode).toBe(404);
    expect((await admin.post(`/contacts/${theirs}/edit`, { name: 'Mine now', embargoOk: 'unknown' }, csrfTokenIn(form.body))).statusCode).toBe(404);
    expect((await admin.get('/lists/tenants')).statusCode).toBe(404);
    expect((await admin.get('/lists/tenants/last-import/rejected.csv')).statusCode).toBe(404);
    expect((await admin.get('/contacts?q=rita')).body).toContain('No contact matches.');

    // The API corrects contacts through the same use case: theirs is not found, a viewer is refused.
    expect((await t.api('PATCH', `/api/v1/contacts/${theirs}`, { json: { name: 'Mine now' } })).status).toBe(404);
    const viewerToken = await createToken(t, { role: 'viewer' });
    const mine = await contactId('grace.liu@thecitizen.example.com');
    expect((await t.as(viewerToken.token).api('PATCH', `/api/v1/contacts/${mine}`, { json: { name: 'Grace' } })).status).toBe(403);
    expect((await t.as(other.token).api('PATCH', `/api/v1/contacts/${theirs}`, { json: { beat: 'Housing' } })).status).toBe(200);
  });

  it('shows the suppression list and lets only an administrator restore an address, on the record', async () => {
    const orgId = (await firstOrganisation(t.ctx.db)).id;
    await t.ctx.db.kysely.insertInto('suppressions').values({ org_id: orgId, email_key: 'gone@ledger.example.com', reason: 'bounced', detail: '550 5.1.1 no such user', delivery_id: null, created_at: Date.now() }).execute();

    const seen = await viewer.get('/suppressions');
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toMatch(/<td>gone@ledger.example.com<\/td>\s*<td>Bounced<\/td>/);
    expect(seen.body).toContain('550 5.1.1 no such user');
    expect(seen.body).toContain('Not from a send');
    expect(seen.body).not.toContain('/suppressions/restore');

    const senderPage = await sender.get('/suppressions');
    expect(senderPage.body).not.toContain('/suppressions/restore');
    expect((await sender.get('/suppressions/restore?email=gone%40ledger.example.com')).statusCode).toBe(403);
    const refused = await sender.post('/suppressions/restore', { email: 'gone@ledger.example.com', reason: 'asked by phone' }, csrfTokenIn(senderPage.body));
    expect(refused.statusCode).toBe(403);

    const list = await admin.get('/suppressions');
    expect(list.body).toContain('href="/suppressions/restore?email=gone%40ledger.example.com"');
    const confirm = await admin.get('/suppressions/restore?email=gone%40ledger.example.com');
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Mail gone@ledger.example.com again?');
    const noReason = await admin.post('/suppressions/restore', { email: 'gone@ledger.example.com', reason: ' ' }, csrfTokenIn(confirm.body));
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('<a href="#reason">Say why the address may be mailed again');

    const restored = await admin.post('/suppressions/restore', { email: 'gone@ledger.example.com', reason: 'asked by phone to be put back' }, csrfTokenIn(confirm.body));
    expect(restored.statusCode).toBe(303);
    expect((await admin.get(String(restored.headers.location))).body).toContain('gone@ledger.example.com can be mailed again.');
    expect(await t.ctx.db.kysely.selectFrom('suppressions').select('email_key').where('email_key', '=', 'gone@ledger.example.com').executeTakeFirst()).toBeUndefined();
    const audit = await t.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'contact.restore').executeTakeFirstOrThrow();
    expect(audit.actor_label).toBe('ada@harbor.example.org');
    expect(JSON.parse(audit.detail!)).toEqual({ was: 'bounced', reason: 'asked by phone to be put back' });
  });

  it('refuses a form without its CSRF token', async () => {
    const id = await contactId('dkim@ledger.example.com');
    const res = await admin.post(`/contacts/${id}/edit`, { name: 'No token', embargoOk: 'unknown' }, null);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('This form has expired');
    const upload = await admin.postMultipart('/lists/import', { list: 'LA press', text: 'Email\nx@example.org' });
    expect(upload.statusCode).toBe(403);
  });

  it('renders every page for a viewer in Spanish too', async () => {
    expect((await viewer.get('/lists/import')).statusCode).toBe(403);
    for (const url of ['/lists', '/lists/LA%20press', '/lists/LA%20press/last-import', '/contacts', '/suppressions']) {
      const res = await viewer.request({ method: 'GET', url, headers: { 'accept-language': 'es' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<html lang="es">');
    }
  });
});
