/**
 * No desk page loads anything from another origin. Chromium, signed in as an admin of an
 * organisation with a sent release, follows every same-origin link it can reach from the
 * releases page (the navigation, each list, release, distribution and their sub-pages) and
 * records every request each page makes — stylesheets, scripts, images, fonts, frames,
 * event streams. Each page must be answered with the strict CSP, and no request may leave
 * Presswire's origin; each page fits 320 px and passes axe (no serious or critical finding).
 * In Spanish (the browser asking for it), every page is in Spanish: its
 * language says so and none of the English interface text shows through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/web/i18n/en.js';
import { es } from '../../src/web/i18n/es.js';
import { DeskBrowser } from '../helpers/desk-browser.js';
import { freePort } from '../helpers/processes.js';
import { firstAdmin } from '../helpers/sign-in.js';
import { journalists, seedList, seedRelease, send } from '../helpers/scenario.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { startTestApp, waitForDistribution, type TestApp } from '../helpers/test-app.js';

/** Links that end the session, download a file, or leave the desk for a journalist's page. */
const notAPage = /^\/(sign-out|r\/|e\/|u\/|unsubscribe)|\.(csv|eml)$|\/(eml|text|html|email|public-preview|download)(\?|$)|[?&](format|download)=/;

/** The interface's English sentences that Spanish says otherwise (the long ones: short words such as "Email" are shared). */
function englishOnly(a: unknown, b: unknown, found: string[] = []): string[] {
  if (typeof a === 'string') {
    if (a !== b && a.length >= 20) found.push(a);
  } else if (a && typeof a === 'object') {
    for (const [key, value] of Object.entries(a)) englishOnly(value, (b as Record<string, unknown> | undefined)?.[key], found);
  }
  return found;
}

describe.each(['en', 'es'])('the desk loads nothing from another origin (%s)', (locale) => {
  let t: TestApp;
  let sink: SmtpSink;
  let desk: DeskBrowser;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    // Served over http on loopback, as `presswire start` is: its cookies are not https-only.
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    t = await startTestApp({ database: 'sqlite', smtpPort: sink.port, env: { PUBLIC_URL: base } });
    await t.app.listen({ host: '127.0.0.1', port });
    await seedList(t, 'reporters', journalists(3));
    const releaseId = await seedRelease(t);
    await waitForDistribution(t, await send(t, releaseId, ['reporters']));
    desk = await DeskBrowser.open(base, `test-results/desk-origins-${locale}`, locale);
    // The admin's session, made through the pages, handed to the browser.
    const admin = await firstAdmin(t);
    await desk.context.addCookies([...admin.cookies].map(([name, value]) => ({ name, value, url: base })));
  });
  afterAll(async () => {
    await desk?.close();
    await t?.close();
    await sink?.close();
  });

  it('on every page reachable from the releases page', async () => {
    const english = englishOnly(en, es);
    const seen = new Set<string>(['/releases']);
    const queue = ['/releases'];
    const checked: string[] = [];
    while (queue.length && checked.length < 80) {
      const path = queue.shift()!;
      const response = await desk.page.goto(`${desk.base}${path}`);
      expect(response?.status(), path).toBe(200);
      expect(response?.headers()['content-security-policy'], path).toContain("script-src 'self'");
      await desk.page.waitForLoadState('networkidle');
      checked.push(path);
      // axe and the 320 px check once, in English; the Spanish run checks the language.
      if (locale === 'en') await desk.inspect(path);
      expect(await desk.page.getAttribute('html', 'lang'), path).toBe(locale);
      if (locale === 'es') {
        const text = await desk.page.innerText('body');
        expect(english.filter((sentence) => text.includes(sentence)), path).toEqual([]);
      }
      const links = (await desk.page.evaluate("[...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))")) as string[];
      for (const href of links) {
        const url = new URL(href, desk.page.url());
        const next = `${url.pathname}${url.search}`;
        if (url.origin !== desk.base || url.hash || notAPage.test(next) || seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    // Every section of the navigation and the pages they lead to.
    expect(checked.length).toBeGreaterThan(25);
    desk.expectClean();
  });
});
