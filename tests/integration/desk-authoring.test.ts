/**
 * Authoring in the desk, over HTTP as a signed-in browser: correcting what Presswire
 * understood (every field round-trips), writing a release in the form with its body
 * previewed, a translation, an image with its alt text, the public page and social posts
 * previewed, a test sent to oneself through the real SMTP path, and the list's last send,
 * sender and search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateToken } from '../../src/auth/api-tokens.js';
import { emailSettings } from '../../src/channels/email/email.channel.js';
import { createMailer } from '../../src/channels/email/single-message.js';
import { DkimKeys } from '../../src/dkim/signing-keys.js';
import { listOutbox, readOutboxMessage } from '../../src/outbox/outbox-store.js';
import { sendTestToSelf } from '../../src/distribution/test-send.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { readFixture } from '../helpers/fixtures.js';
import { csrfTokenIn, FormClient } from '../helpers/forms.js';
import { onePixelPng } from '../helpers/images.js';
import { seedList } from '../helpers/scenario.js';
import { addMember, adminEmail, firstAdmin, signInByLink } from '../helpers/sign-in.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const immdef = readFixture('releases/immdef-remain-in-mexico-2021-12-02.txt');
// Embargoed until 2030, so that the embargo is still ahead.
const harbor = readFixture('releases/harbor-legal-aid-detention-report-embargoed.txt').replace('TUESDAY, MARCH 10, 2026', 'TUESDAY, MARCH 12, 2030');
const harborEs = readFixture('releases/harbor-legal-aid-detention-report-embargoed.es.txt');

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (html: string) => html.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (all, e: string) => (e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (entities[e] ?? all)));
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescape(m[1]!) : undefined;
};

/** Every field of the page's release form with the value the browser would send, as a browser sends it unchanged. */
function formFieldsIn(html: string): Record<string, string> {
  const form = /<form method="post" action="[^"]*" novalidate="" class="release-form">([\s\S]*?)<\/form>/.exec(html)?.[1] ?? /<form[^>]*class="release-form"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1];
  if (!form) throw new Error(`no release form in the page:\n${html.slice(0, 500)}`);
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (name) fields[name] = attr(tag, 'value') ?? '';
  }
  // A browser drops the one line break that may follow <textarea>.
  for (const m of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) fields[attr(m[1]!, 'name')!] = unescape(m[2]!).replace(/^\n/, '');
  for (const m of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    fields[attr(m[1]!, 'name')!] = attr(/<option\b[^>]*\sselected[^>]*>/.exec(m[2]!)?.[0] ?? '', 'value') ?? '';
  }
  return fields;
}

describe.each(testDatabaseKinds())('authoring in the desk (%s)', (database) => {
  const sink = new SmtpSink();
  let t: TestApp;
  let admin: FormClient;

  const paste = async (text: string): Promise<string> => {
    const csrf = csrfTokenIn((await admin.get('/releases/new')).body);
    const boundary = '----presswire-test-boundary';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n${text}\r\n--${boundary}--\r\n`;
    const res = await admin.request({ method: 'POST', url: '/releases/new', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(res.statusCode, res.body).toBe(303);
    return String(res.headers.location);
  };
  const contentOf = async (url: string) => (await t.api<{ content: Record<string, unknown> }>('GET', `/api/v1${url}`)).body.content;
  const auditRows = (id: string, action: string) => t.ctx.db.kysely.selectFrom('audit_log').selectAll().where('object_id', '=', id).where('action', '=', action).execute();

  beforeAll(async () => {
    await sink.start();
    t = await startTestApp({ database, workers: false, smtpPort: sink.port });
    admin = await firstAdmin(t);
  });
  afterAll(async () => {
    await t?.close();
    await sink.close();
  });

  it('corrects what it understood of the ImmDef statement: one click from the draft, every field kept, only the changed one changed', async () => {
    const url = await paste(immdef);
    const draft = await admin.get(url);
    expect(draft.body).toContain(`<a class="button button-secondary" href="${url}/edit">Correct what Presswire understood</a>`);

    const before = await contentOf(url);
    const edit = await admin.get(`${url}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('<div class="side-by-side">');
    expect(edit.body).toContain('What Presswire has now');
    const fields = formFieldsIn(edit.body);
    expect(fields.headline).toBe(before.headline);
    expect(fields['quotes.0.speaker']).toBeTruthy();

    const unchanged = await admin.post(`${url}/edit`, fields, null);
    expect(unchanged.statusCode, unchanged.body).toBe(303);
    expect(unchanged.headers.location).toBe(url);
    expect(await contentOf(url)).toEqual(before);

    const corrected = await admin.post(`${url}/edit`, { ...formFieldsIn((await admin.get(`${url}/edit`)).body), headline: 'Immigrant Defenders Urges Biden to Revoke MPP' }, null);
    expect(corrected.statusCode).toBe(303);
    expect(await contentOf(url)).toEqual({ ...before, headline: 'Immigrant Defenders Urges Biden to Revoke MPP' });
    expect((await admin.get(url)).body).toContain('<h1>Immigrant Defenders Urges Biden to Revoke MPP</h1>');

    const edits = await auditRows(url.split('/').pop()!, 'release.edit');
    expect(edits).toHaveLength(2);
    expect(edits.every((row) => row.actor_label === adminEmail)).toBe(true);
  });

  it('keeps an embargo through an edit, moves it when its fields change, and refuses a time that is not one', async () => {
    const url = await paste(harbor);
    const fields = formFieldsIn((await admin.get(`${url}/edit`)).body);
    expect(fields['embargo.zone']).toBe('America/Los_Angeles');
    const embargoBefore = (await t.api<{ embargo: unknown }>('GET', `/api/v1${url}`)).body.embargo;
    expect((await admin.post(`${url}/edit`, fields, null)).statusCode).toBe(303);
    expect((await t.api<{ embargo: unknown }>('GET', `/api/v1${url}`)).body.embargo).toEqual(embargoBefore);

    expect((await admin.post(`${url}/edit`, { ...fields, 'embargo.until': '2030-03-12T09:00' }, null)).statusCode).toBe(303);
    expect((await t.api<{ embargo: unknown }>('GET', `/api/v1${url}`)).body.embargo).toEqual({ until: '2030-03-12T16:00:00.000Z', zone: 'America/Los_Angeles' });

    const wrongZone = await admin.post(`${url}/edit`, { ...fields, 'embargo.zone': 'Mars/Olympus' }, null);
    expect(wrongZone.statusCode).toBe(400);
    expect(wrongZone.body).toContain('<a href="#embargo.zone">Time zone: ');
  });

  it('speaks Spanish on the authoring pages to a browser that asks for it', async () => {
    const url = await paste(immdef);
    const es = { 'accept-language': 'es' };
    const edit = await admin.request({ method: 'GET', url: `${url}/edit`, headers: es });
    expect(edit.body).toContain('<h1>Corregir lo que entendió Presswire</h1>');
    expect(edit.body).toContain('Guardar las correcciones');
    const page = await admin.request({ method: 'GET', url, headers: es });
    for (const words of ['Publicaciones en redes', 'Enviarse una prueba', 'Versiones por idioma', 'de 280 caracteres ponderados']) expect(page.body).toContain(words);
  });

  it('answers a correction it cannot save with each problem on its field', async () => {
    const url = await paste(immdef);
    const fields = formFieldsIn((await admin.get(`${url}/edit`)).body);
    const res = await admin.post(`${url}/edit`, { ...fields, headline: ' ', 'quotes.0.speaker': '', releaseDate: '2021-13-40' }, null);
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/<title>Error: Correct: [^<]+ · Presswire<\/title>/);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('<a href="#headline">Headline is required</a>');
    expect(res.body).toContain('<a href="#quotes.0.speaker">Quote 1: Speaker is required</a>');
    expect(res.body).toContain('<a href="#releaseDate">Release date: ');
    expect(res.body).toContain('id="headline-error"');
    expect(res.body).toContain('id="quotes.0.speaker-error"');
    // What was typed stays in the form.
    expect(res.body).toContain('value="2021-13-40"');
  });

  it('writes a release in the form, previewing its body with and without htmx', async () => {
    expect((await admin.get('/releases/new')).body).toContain('href="/releases/write"');
    const page = await admin.get('/releases/write');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('hx-post="/releases/preview-body"');
    const csrf = csrfTokenIn(page.body);
    const written = {
      kind: 'statement',
      headline: 'Harbor Arts Council opens the mural walk',
      language: 'en',
      body: 'The walk opens **Saturday**.\n\n<script>alert(1)</script>',
      'quotes.0.text': 'Every wall tells a story.',
      'quotes.0.speaker': 'Mara Lin',
      'quotes.0.title': '',
      'contacts.0.name': 'Sam Ortiz',
      'contacts.0.email': 'press@harborarts.example.org',
      'notesToEditors.0': 'Photos on request.',
      'embargo.until': '',
      'embargo.zone': '',
    };

    const fragment = await admin.post('/releases/preview-body', written, csrf);
    expect(fragment.statusCode).toBe(200);
    expect(fragment.body).toContain('<strong>Saturday</strong>');
    expect(fragment.body).not.toContain('<script>');
    expect(fragment.body).not.toContain('<html');

    const previewed = await admin.post('/releases/write', { ...written, intent: 'preview' }, csrf);
    expect(previewed.statusCode).toBe(200);
    expect(previewed.body).toContain('<strong>Saturday</strong>');
    expect(previewed.body).toContain('value="Mara Lin"');

    const saved = await admin.post('/releases/write', written, csrf);
    expect(saved.statusCode, saved.body).toBe(303);
    const url = String(saved.headers.location);
    expect(await contentOf(url)).toMatchObject({
      kind: 'statement',
      headline: 'Harbor Arts Council opens the mural walk',
      quotes: [{ text: 'Every wall tells a story.', speaker: 'Mara Lin' }],
      contacts: [{ name: 'Sam Ortiz', email: 'press@harborarts.example.org' }],
      notesToEditors: ['Photos on request.'],
    });
    expect(await auditRows(url.split('/').pop()!, 'release.create')).toHaveLength(1);

    const empty = await admin.post('/releases/write', { ...written, headline: '', body: '' }, csrf);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('<title>Error: Write a release · Presswire</title>');
    expect(empty.body).toContain('<a href="#body">Body is required</a>');
  });

  it('adds a translation and lists the release’s language versions', async () => {
    const url = await paste(harbor);
    const page = await admin.get(url);
    expect(page.body).toContain(`href="${url}/translations/new"`);
    const form = await admin.get(`${url}/translations/new`);
    const missing = await admin.post(`${url}/translations/new`, { language: 'es', text: '' }, csrfTokenIn(form.body));
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('<a href="#text">Translated text is required</a>');

    const added = await admin.post(`${url}/translations/new`, { language: 'es', text: harborEs }, csrfTokenIn(form.body));
    expect(added.statusCode, added.body).toBe(303);
    const translation = String(added.headers.location);
    expect(translation).not.toBe(url);
    const original = await admin.get(url);
    expect(original.body).toContain(`<a href="${translation}" lang="es">`);
    const translated = await admin.get(translation);
    expect(translated.body).toContain(`<a href="${url}" lang="en">`);

    const again = await admin.post(`${url}/translations/new`, { language: 'es', text: harborEs }, csrfTokenIn(form.body));
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('<a href="#language">');
  });

  it('sets an image only with its alt text, shows it, and removes it', async () => {
    const url = await paste(harbor);
    const csrf = csrfTokenIn((await admin.get(`${url}/image`)).body);
    const boundary = '----presswire-image-boundary';
    const upload = (alt: string) =>
      admin.request({
        method: 'POST',
        url: `${url}/image`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="alt"\r\n\r\n${alt}\r\n`),
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="pixel.png"\r\nContent-Type: image/png\r\n\r\n`),
          onePixelPng,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
      });
    const noAlt = await upload('');
    expect(noAlt.statusCode).toBe(400);
    expect(noAlt.body).toContain('<a href="#alt">Describe the image for people who cannot see it</a>');

    expect((await upload('Rosa Delgado at the courthouse steps')).statusCode).toBe(303);
    const page = await admin.get(url);
    expect(page.body).toContain(`<img src="${url}/image/file" alt="Rosa Delgado at the courthouse steps"`);
    const file = await admin.get(`${url}/image/file`);
    expect(file.headers['content-type']).toBe('image/png');
    expect(Buffer.from(file.rawPayload).equals(onePixelPng)).toBe(true);
    expect(await auditRows(url.split('/').pop()!, 'release.image.set')).toHaveLength(1);

    expect((await admin.post(`${url}/image/remove`, {}, csrfTokenIn(page.body))).statusCode).toBe(303);
    expect((await admin.get(url)).body).not.toContain('<img src=');
    expect((await admin.get(`${url}/image/file`)).statusCode).toBe(404);
  });

  it('previews the public page of a draft and each social post against its network’s limit', async () => {
    const url = await paste(harbor);
    const page = await admin.get(url);
    expect(page.body).toContain(`<iframe src="${url}/public-preview" sandbox="" title="Public page at desktop width"`);
    expect(page.body).toContain(`<iframe src="${url}/public-preview" sandbox="" title="Public page at phone width"`);
    const publicPage = await admin.get(`${url}/public-preview`);
    expect(publicPage.statusCode).toBe(200);
    expect(publicPage.headers['content-security-policy']).toContain('sandbox');
    expect(publicPage.body).toContain('<h1>New Report Finds Detained Asylum Seekers');
    for (const count of [/\d+ of 280 weighted characters/, /\d+ of 300 characters/, /\d+ of 500 characters/]) expect(page.body).toMatch(count);
    expect(page.body).not.toContain('Too long for');

    const id = url.split('/').pop()!;
    const edited = await t.api('PATCH', `/api/v1/releases/${id}`, { json: { content: { social: { x: 'A very long post. '.repeat(20) } } } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const over = await admin.get(url);
    expect(over.body).toMatch(/Too long for X by \d+/);
    expect(over.body).toContain('social-count social-count-over');
  });

  it('sends a test to the signed-in person only, marked [Test], and says where it went', async () => {
    const url = await paste(harbor);
    const page = await admin.get(url);
    expect(page.body).toContain(`A copy of the embargoed email goes to ${adminEmail} only`);
    const before = sink.received.length;
    const sent = await admin.post(`${url}/test-send`, {}, csrfTokenIn(page.body));
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${url}?tested=1`);
    expect(sink.received).toHaveLength(before + 1);
    expect(sink.received[before]!.rcptTo).toEqual([adminEmail]);
    const message = await sink.parsed(before);
    expect(message.subject).toMatch(/^\[Test\] /);
    expect(message.text).toContain('EMBARGOED');
    const after = await admin.get(String(sent.headers.location));
    expect(after.body).toContain(`A test copy was sent to ${adminEmail} — check your inbox.`);
    const rows = await auditRows(url.split('/').pop()!, 'release.test_send');
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.detail!)).toMatchObject({ to: adminEmail, variant: 'embargoed' });

    const viewer = await signInByLink(t, await addMember(t, 'vic@harbor.example.org', 'viewer'));
    const viewed = await viewer.get(url);
    expect(viewed.body).not.toContain(`${url}/test-send`);
    expect((await viewer.post(`${url}/test-send`, {}, csrfTokenIn(viewed.body))).statusCode).toBe(403);
    expect((await viewer.get(`${url}/edit`)).statusCode).toBe(403);

    // A service token is nobody's: it has no address of its own to send a test to.
    const service = await authenticateToken(t.ctx.db, t.token, null);
    const mailer = createMailer(emailSettings(t.ctx.config), new DkimKeys(t.ctx));
    await expect(sendTestToSelf({ ...t.ctx, mailer }, service!, url.split('/').pop()!)).rejects.toThrow(/this token belongs to no person/);
    expect(sink.received).toHaveLength(before + 1);
  });

  it('lists each release’s last send and who sent it, and finds releases by headline in any case', async () => {
    const url = await paste(immdef);
    const id = url.split('/').pop()!;
    await t.api('POST', `/api/v1/releases/${id}/finalize`);
    await seedList(t, 'desk-authoring', ['reporter@desk.example.org']);
    const sent = await t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId: id, lists: ['desk-authoring'] } });
    expect(sent.status, JSON.stringify(sent.body)).toBeLessThan(300);

    const list = await admin.get('/releases');
    const row = new RegExp(`<a href="${url}">[^<]+</a></td>(?:<td>[\\s\\S]*?</td>){4}<td>([^<]+)</td><td>([^<]*)</td>`).exec(list.body);
    expect(row, list.body).not.toBeNull();
    expect(row![1]).not.toBe('Not sent');
    expect(row![2]).toBeTruthy();

    const found = await admin.get('/releases?q=REVOKE%20not');
    expect(found.body).toContain(`<a href="${url}">`);
    expect(found.body).not.toContain('New Report Finds Detained');
    const none = await admin.get('/releases?q=100%25');
    expect(none.body).toContain('No release has “100%” in its headline.');
  });
});

describe.each(testDatabaseKinds())('a test copy in the development outbox (%s)', (database) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ database, workers: false, outbox: true });
  });
  afterAll(async () => t?.close());

  it('lands in the outbox without a relay, and the page links the outbox for its administrator', async () => {
    const admin = await firstAdmin(t);
    const written = await admin.submit('/releases/write', '/releases/write', { kind: 'press_release', language: 'en', headline: 'Harbor Legal Aid opens a second office', body: 'The office opens on Monday.' });
    expect(written.statusCode, written.body).toBe(303);
    const url = String(written.headers.location);
    const page = await admin.get(url);
    expect(page.body).toContain(`A copy of the email goes to ${adminEmail} only`);
    const sent = await admin.post(`${url}/test-send`, {}, csrfTokenIn(page.body));
    expect(sent.statusCode).toBe(303);

    const messages = listOutbox(t.ctx.config.outbox.dir);
    expect(messages).toHaveLength(1);
    const message = await readOutboxMessage(t.ctx.config.outbox.dir, messages[0]!.id);
    expect(message.to).toBe(adminEmail);
    expect(message.subject).toBe('[Test] Harbor Legal Aid opens a second office');
    const after = await admin.get(String(sent.headers.location));
    expect(after.body).toContain(`A test copy was sent to ${adminEmail} — check your inbox.`);
    expect(after.body).toContain('<a href="/outbox">Open the outbox</a>');
  });
});
