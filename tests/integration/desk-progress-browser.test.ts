/**
 * A send's live progress in a real Chromium against a listening server, with a real worker
 * sending to a slow SMTP sink: the page opened while the send runs shows it sending, and its
 * panel reaches "Completed" without a reload, over the event stream, under the strict CSP.
 * The send pages pass axe (no serious or critical finding) and do not scroll sideways at 320 px.
 */
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, seriousAxeFindings } from '../helpers/browser.js';
import { readFixture } from '../helpers/fixtures.js';
import { fastTimings, send } from '../helpers/scenario.js';
import { adminEmail, adminPassword, firstAdmin } from '../helpers/sign-in.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('a send’s progress in a browser', () => {
  let t: TestApp;
  let base: string;
  let browser: BrowserContext;
  let auditor: BrowserContext;
  let page: Page;
  let releaseId: string;
  const sink = new SmtpSink();
  const problems: string[] = [];

  beforeAll(async () => {
    await sink.start();
    // Each message waits for the relay's reply: the send lasts a few seconds, long enough to watch.
    sink.script = { data: () => ({ delayMs: 1200 }) };
    t = await startTestApp({ database: 'sqlite', smtpPort: sink.port, env: fastTimings });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await firstAdmin(t);
    const imported = await t.api<{ id: string }>('POST', '/api/v1/releases', { json: { source: readFixture('releases/immdef-remain-in-mexico-2021-12-02.txt'), filename: 'immdef.txt' } });
    releaseId = imported.body.id;
    await t.api('POST', `/api/v1/releases/${releaseId}/finalize`);
    await t.api('POST', '/api/v1/lists/immigration-desk/import', { body: readFixture('contacts/media-list-cision-style.csv') });

    [browser, auditor] = await Promise.all([launchBrowser(), launchBrowser({ bypassCSP: true })]);
    await browser.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))" });
    page = await browser.newPage();
    page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('response', (r) => void (r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`)));
    await page.goto(`${base}/sign-in`);
    await page.fill('#email', adminEmail);
    await page.fill('#password', adminPassword);
    await Promise.all([page.waitForURL(/\/(account|releases)$/), page.click('form[action="/sign-in"] button')]);
  });
  afterAll(async () => {
    await browser?.close();
    await auditor?.close();
    await t?.close();
    await sink.close();
  });

  async function fitsAt320(): Promise<void> {
    await page.setViewportSize({ width: 320, height: 900 });
    expect(await page.evaluate('document.documentElement.scrollWidth'), `${page.url()} at 320 px`).toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  it('counts the deliveries up to Completed without a reload', async () => {
    const id = await send(t, releaseId, ['immigration-desk']);
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(`${base}/distributions/${id}`);
    expect(await page.locator(`form[action="/distributions/${id}/cancel"]`).count()).toBe(1);
    const first = await page.textContent('#progress-line');
    expect(first).toMatch(/^(Preparing|Sending: \d+ of 15 done)/);
    // A locator, not waitForFunction: the page's CSP forbids evaluating strings.
    await page.locator('#progress-line', { hasText: /^Completed/ }).waitFor({ timeout: 30_000 });
    expect(await page.textContent('#progress-line')).toBe('Completed: 15 of 15 accepted or posted');
    expect(await page.getAttribute('progress.send-progress', 'value')).toBe('15');
    expect(await page.textContent('#progress table')).toContain('Accepted');
    // The tag under the headline follows the panel.
    expect(await page.textContent('#send-status')).toBe('Completed');
    expect(loads).toBe(1);
    // Ended: nothing left to cancel, so its button went with the last event.
    expect(await page.locator(`form[action="/distributions/${id}/cancel"]`).count()).toBe(0);
    await fitsAt320();
    expect(await seriousAxeFindings(auditor, browser, page.url()), 'distribution page: axe').toEqual([]);

    for (const path of ['/distributions', `/distributions/${id}/recipients`, `/distributions/${id}/report`, '/scheduled']) {
      await page.goto(`${base}${path}`);
      await fitsAt320();
      expect(await seriousAxeFindings(auditor, browser, page.url()), `${path}: axe`).toEqual([]);
    }
    expect(problems).toEqual([]);
  });
});
