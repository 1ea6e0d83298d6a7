/**
 * The desk as a new organisation meets it, in a real Chromium against a real
 * `presswire start` on the embedded defaults (SQLite, development outbox, workers in the
 * process): the first-run link creates the admin; the ImmDef statement is pasted and a
 * field corrected; the email previewed at phone width; a test copy sent to oneself and
 * read in the outbox; the release finalized; the Cision-style list imported and its
 * rejected rows seen; approval switched on; the send requested, then approved by a second
 * person in a second browser; its progress watched to the end; the report opened.
 *
 * Every page is screenshotted at 1280 and 375 px under test-results/desk-journey/, checked
 * for sideways scrolling at 320 px and audited with axe; the browser that keeps the CSP
 * must see no violation, no console error and no request to another origin.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskBrowser } from '../helpers/desk-browser.js';
import { freePort, startServer, type ServerProcess } from '../helpers/processes.js';
import { deletePrefix, uniquePrefix } from '../helpers/redis.js';

const fixtures = new URL('../fixtures/', import.meta.url);
const immdef = readFileSync(new URL('releases/immdef-remain-in-mexico-2021-12-02.txt', fixtures), 'utf8');
const cisionList = new URL('contacts/media-list-cision-style.csv', fixtures).pathname;
const shots = 'test-results/desk-journey';

const admin = { email: 'comms@immdef.example.org', password: 'correct horse battery staple' };
const director = { email: 'director@immdef.example.org', password: 'a director approves sends' };
const correctedHeadline = 'Immigrant Defenders Urges the Biden Administration to Revoke, Not Reinstate, MPP';

describe('a new organisation at the desk', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'presswire-journey-'));
  const prefix = uniquePrefix();
  let server: ServerProcess;
  let base: string;
  let officer: DeskBrowser;
  let approver: DeskBrowser | undefined;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = await startServer(['start'], { PORT: String(port), OUTBOX_PORT: String(await freePort()), REDIS_PREFIX: prefix, LOG_LEVEL: 'warn', PASSWORD_HASH_COST: 'test' }, cwd);
    officer = await DeskBrowser.open(base, shots);
  });
  afterAll(async () => {
    await officer?.close();
    await approver?.close();
    await server?.stop('SIGKILL');
    await deletePrefix(prefix);
    rmSync(cwd, { recursive: true, force: true });
  });

  it('goes from the first-run link to the report of an approved send', async () => {
    const { page } = officer;
    // npm start prints the dashboard and the first-run link.
    expect(server.output()).toContain(`dashboard       ${base}/`);
    const link = /Create the first administrator: (http:\/\/127\.0\.0\.1:\d+\/setup\/[A-Za-z0-9_-]{43})/.exec(server.output())![1]!;

    await page.goto(link);
    await officer.check('first-run');
    await page.fill('#email', admin.email);
    await page.fill('#password', admin.password);
    await page.fill('#confirm', admin.password);
    await officer.follow('button[type=submit]', `${base}/account`);

    // Paste the statement and see what Presswire understood.
    await officer.goto('/releases/new');
    await officer.check('new-release');
    await page.fill('#text', immdef);
    await officer.follow('button:text("Read the release")', /\/releases\/rel_[0-9a-z]{25}$/);
    const releasePath = new URL(page.url()).pathname;
    expect(await page.textContent('main')).toContain('Margaret Cargioli');
    await officer.check('release-draft');

    // Correct a field Presswire read as it stood on the page.
    await officer.follow('text=Correct what Presswire understood', `${base}${releasePath}/edit`);
    await officer.check('release-edit');
    await page.fill('#headline', correctedHeadline);
    await officer.follow('button:text("Save the corrections")', `${base}${releasePath}`);
    expect(await page.textContent('h1')).toBe(correctedHeadline);

    // The email at phone width, as a journalist reads it on the way in.
    await page.setViewportSize({ width: 375, height: 900 });
    const phone = await page.waitForSelector('.preview-phone iframe');
    await (await phone.contentFrame())!.waitForSelector('text=Margaret Cargioli');
    await page.screenshot({ path: `${shots}/preview-phone-375.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // A test copy to oneself lands in the development outbox.
    await officer.follow('button:text("Send me a test")', /\?tested=1$/);
    expect(await page.textContent('main')).toContain(`A test copy was sent to ${admin.email}`);
    await officer.check('release-tested');
    await officer.goto('/outbox');
    const outbox = await page.textContent('main');
    expect(outbox).toContain(`[Test] ${correctedHeadline}`);
    expect(outbox).toContain(admin.email);
    await officer.check('outbox');

    await officer.goto(releasePath);
    await officer.follow('button:text("Finalize")');
    expect(await page.textContent('#finalized-title')).toContain(`Finalized by ${admin.email}`);
    expect(await page.textContent('.hash')).toMatch(/^[0-9a-f]{64}$/);
    await officer.check('release-finalized');

    // The Cision export: most rows imported, the broken ones reported by row.
    await officer.goto('/lists/import');
    await officer.check('lists-import');
    await page.fill('#list', 'Cision export');
    await page.setInputFiles('#file', cisionList);
    await officer.follow('button:text("Import contacts")', /\/lists\/Cision%20export\/last-import$/);
    const report = (await page.textContent('main'))!;
    expect(report).toContain('Download rejected rows (CSV)');
    // Three rows of the export are broken: a doubled @, no address, a formula for a name.
    for (const reason of ['has more than one @', 'Email is empty', 'looks like a spreadsheet formula']) expect(report).toContain(reason);
    await officer.check('lists-import-report');
    await officer.goto('/lists');
    expect(await page.textContent('main')).toContain('Cision export');
    await officer.check('lists');

    // A director who approves sends, invited from the People page.
    await officer.goto('/people/new');
    await page.fill('#email', director.email);
    await page.selectOption('#role', 'sender');
    await officer.follow('button:text("Add this person")');
    const directorLink = (await page.textContent('code.secret'))!.trim();
    await officer.check('person-added');

    // The organisation asks for a second person's approval on every send.
    await officer.goto('/settings');
    await page.check('input[name=approval][value=required]');
    await officer.follow('button:text("Save settings")');
    expect(await page.textContent('main')).toContain('Settings saved.');
    await officer.check('settings');

    // The send, checked before the button, which asks for approval.
    await officer.goto(releasePath);
    await officer.follow('text=Send this release', `${base}${releasePath}/send`);
    await page.check('input[name=lists]');
    await officer.follow('button:text("Check before sending")');
    expect(await page.textContent('.preflight')).toContain('15');
    // The checked page answers a POST: the auditing browser fills the form again to see it.
    await officer.check('send-checked', async (p) => {
      await p.goto(`${base}${releasePath}/send`);
      await p.check('input[name=lists]');
      await Promise.all([p.waitForEvent('load'), p.click('button:text("Check before sending")')]);
    });
    await officer.follow('button:text("Request approval to send to 15 journalists now")', /\/distributions\/dst_[0-9a-z]{25}$/);
    const distributionPath = new URL(page.url()).pathname;
    expect(await page.textContent('main')).toContain('Awaiting approval');
    await officer.check('send-awaiting-approval');

    // The director, in a browser of their own, signs in by the link and approves.
    approver = await DeskBrowser.open(base, shots);
    const desk = approver.page;
    await desk.goto(directorLink);
    await approver.follow('main button[type=submit]', `${base}/account`);
    await approver.goto('/approvals');
    await approver.check('approvals');
    await approver.follow(`main a[href="${distributionPath}/approval"]`);
    expect(await desk.textContent('main')).toContain(admin.email);
    await approver.check('approval');
    await approver.follow('button:text("Approve and send to 15 journalists now")');
    approver.expectClean();

    // The officer's page follows the send live to its end, then the report.
    await officer.goto(distributionPath);
    await page.waitForSelector('text=Completed', { timeout: 30_000 });
    await officer.check('distribution-completed');
    await officer.follow('text=The report', `${base}${distributionPath}/report`);
    expect(await page.textContent('main')).toContain('Cision export');
    await officer.check('report');
    await officer.goto(`${distributionPath}/recipients`);
    expect(await page.textContent('main')).toContain('ana.morales@ledger.example.com');
    await officer.check('recipients');

    officer.expectClean();
  });
});
