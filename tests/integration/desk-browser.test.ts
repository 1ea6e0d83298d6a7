/**
 * The desk in a real Chromium against a listening server, as a new user meets it: the
 * first-run link, signing in, the releases list, a release pasted, what Presswire
 * understood, the email previews, a field corrected with the body previewed as it is
 * typed, Finalize. On every page: no serious or critical axe
 * finding (axe runs in a second browser that bypasses the CSP to inject it), nothing
 * loaded from another origin, no CSP violation or console error in the browser that keeps
 * the CSP, no horizontal scrolling at 320 px, and screenshots at 1280 and 375 px under
 * test-results/desk/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstAdminLink } from '../../src/people/first-admin.js';
import { launchBrowser, seriousAxeFindings } from '../helpers/browser.js';
import { adminEmail, adminPassword, pathOf } from '../helpers/sign-in.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const shots = 'test-results/desk';
const release = readFileSync(new URL('../fixtures/releases/harbor-legal-aid-detention-report-embargoed.txt', import.meta.url), 'utf8').replace('TUESDAY, MARCH 10, 2026', 'TUESDAY, MARCH 12, 2030');
const headline = 'New Report Finds Detained Asylum Seekers in Southern California Wait Months Without Counsel';

describe('the desk in a browser', () => {
  let t: TestApp;
  let base: string;
  let browser: BrowserContext;
  let auditor: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    t = await startTestApp({ database: 'sqlite', workers: false });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    [browser, auditor] = await Promise.all([launchBrowser(), launchBrowser({ bypassCSP: true })]);
    // Every page reports its CSP violations on the console, where they are collected.
    // (Strings: these run in the page, whose types the tests' tsconfig does not include.)
    await browser.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))" });
    page = await browser.newPage();
    browser.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      // A form sent back with problems answers 400, which Chromium logs; that one is meant.
      if (m.type() === 'error' && !m.text().includes('status of 400')) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('response', (r) => void (r.status() >= 400 && r.status() !== 400 && problems.push(`${r.status()} ${r.url()}`)));
  });
  afterAll(async () => {
    await browser?.close();
    await auditor?.close();
    await t?.close();
  });

  /** axe on the page the user is on, in the auditing browser signed in as the same person; `reach` replays how the page was reached when a GET cannot. */
  async function audit(name: string, reach?: (p: Page) => Promise<void>): Promise<void> {
    expect(await seriousAxeFindings(auditor, browser, page.url(), reach), `${name}: axe`).toEqual([]);
  }

  /** Screenshots at 1280 and 375 px, and no sideways scrolling at 320 px. */
  async function look(name: string): Promise<void> {
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 320, height: 900 });
    expect(await page.evaluate('document.documentElement.scrollWidth'), `${name} at 320 px`).toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  it('takes a new user from the first-run link to a finalized release', async () => {
    const link = await firstAdminLink({ db: t.ctx.db, publicUrl: t.ctx.config.publicUrl });
    await page.goto(`${base}${pathOf(link!.url)}`);
    await page.fill('#email', adminEmail);
    await page.fill('#password', adminPassword);
    await page.fill('#confirm', adminPassword);
    await Promise.all([page.waitForURL(`${base}/account`), page.click('button[type=submit]')]);
    await Promise.all([page.waitForURL(/\/sign-in$/), page.click('text=Sign out')]);

    // Signed out, the desk asks to sign in and comes back.
    await page.goto(`${base}/`);
    expect(page.url()).toBe(`${base}/sign-in?next=%2F`);
    await page.fill('#email', adminEmail);
    await page.fill('#password', adminPassword);
    await Promise.all([page.waitForURL(`${base}/releases`), page.click('form[action="/sign-in"] button')]);
    expect(await page.textContent('h1')).toBe('Releases');
    await look('releases-empty');
    await audit('releases-empty');

    await Promise.all([page.waitForURL(`${base}/releases/new`), page.click('text=New release')]);
    await look('new-release');
    await audit('new-release');
    await Promise.all([page.waitForURL(`${base}/releases/write`), page.click('a:text("Write a release")')]);
    await look('write-release');
    await audit('write-release');
    await Promise.all([page.waitForURL(`${base}/releases/new`), page.goBack()]);

    await page.click('text=Read the release');
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.textContent('.error-summary a[href="#text"]')).toBe('Paste the release text or choose a file');
    await look('new-release-error');
    await audit('new-release-error', (p) => Promise.all([p.waitForLoadState(), p.click('text=Read the release')]).then(() => undefined));

    await page.fill('#text', release);
    await Promise.all([page.waitForURL(/\/releases\/rel_[0-9a-z]{25}$/), page.click('text=Read the release')]);
    expect(await page.textContent('h1')).toBe(headline);
    const understood = await page.textContent('.summary-list:nth-of-type(2)');
    for (const part of ['Press release', 'SAN DIEGO', 'Rosa Delgado', 'executive director', 'Dana Whitfield', 'About Harbor Legal Aid']) expect(understood).toContain(part);
    expect(await page.textContent('main')).toContain('America/Los_Angeles');
    const previews = await page.$$('.previews-email iframe');
    expect(previews).toHaveLength(2);
    for (const preview of previews) await (await preview.contentFrame())!.waitForSelector('text=Rosa Delgado');
    expect(await page.textContent('.text-part')).toContain('said Rosa Delgado');
    await look('release-draft');
    await audit('release-draft');

    // Correct a field, the body previewed as it is typed (htmx), and back to the draft.
    const draftUrl = page.url();
    await Promise.all([page.waitForURL(`${draftUrl}/edit`), page.click('text=Correct what Presswire understood')]);
    expect(await page.inputValue('#headline')).toBe(headline);
    await look('release-edit');
    await audit('release-edit');
    await page.fill('#subheadline', 'Median wait of 97 days before meeting a lawyer');
    await page.press('#body', 'Control+End');
    await page.type('#body', '\n\n**Read the full report.**');
    await page.waitForSelector('#body-preview strong:text("Read the full report.")');
    await Promise.all([page.waitForURL(draftUrl), page.click('text=Save the corrections')]);
    expect(await page.textContent('.summary-list:nth-of-type(2)')).toContain('Median wait of 97 days before meeting a lawyer');
    for (const preview of await page.$$('.previews-email iframe')) await (await preview.contentFrame())!.waitForSelector('text=Rosa Delgado');

    await Promise.all([page.waitForLoadState('load'), page.click('button:text("Finalize")')]);
    await page.waitForSelector('#finalized-title');
    for (const preview of await page.$$('.previews-email iframe')) await (await preview.contentFrame())!.waitForSelector('text=Rosa Delgado');
    expect(await page.textContent('#finalized-title')).toContain(`Finalized by ${adminEmail}`);
    expect(await page.textContent('.hash')).toMatch(/^[0-9a-f]{64}$/);
    await look('release-finalized');
    await audit('release-finalized');

    await page.click('text=All releases');
    await page.waitForURL(`${base}/releases`);
    expect(await page.textContent('table.releases')).toContain(headline);
    await look('releases');
    await audit('releases');

    const elsewhere = requests.filter((url) => new URL(url).origin !== base);
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
  });
});
