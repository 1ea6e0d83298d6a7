/**
 * A person at the desk in a real Chromium: one browser that keeps the CSP (and records every
 * request, CSP violation, console error and failed response), and an auditing twin that
 * bypasses the CSP only to inject axe into the same page, signed in as the same person.
 */
import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser, seriousAxeFindings } from './browser.js';

export class DeskBrowser {
  readonly requests: string[] = [];
  readonly problems: string[] = [];
  /** The page names screenshotted, in order. */
  readonly pages: string[] = [];

  private constructor(
    readonly base: string,
    readonly shots: string,
    readonly context: BrowserContext,
    private readonly auditor: BrowserContext,
    readonly page: Page,
  ) {}

  static async open(base: string, shots: string, locale?: string): Promise<DeskBrowser> {
    mkdirSync(shots, { recursive: true });
    const [context, auditor] = await Promise.all([launchBrowser({ locale }), launchBrowser({ bypassCSP: true, locale })]);
    // Every page reports its CSP violations on the console, where they are collected.
    // (A string: it runs in the page, whose types the tests' tsconfig does not include.)
    await context.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))" });
    const page = await context.newPage();
    const desk = new DeskBrowser(base, shots, context, auditor, page);
    context.on('request', (r) => desk.requests.push(r.url()));
    page.on('console', (m) => {
      // A form sent back with problems answers 400, which Chromium logs; that one is meant.
      if (m.type() === 'error' && !m.text().includes('status of 400')) desk.problems.push(m.text());
    });
    page.on('pageerror', (e) => desk.problems.push(e.message));
    page.on('response', (r) => void (r.status() >= 400 && r.status() !== 400 && desk.problems.push(`${r.status()} ${r.url()}`)));
    return desk;
  }

  async goto(path: string): Promise<void> {
    await this.page.goto(`${this.base}${path}`);
  }

  /** Click something that loads a new page, and wait for it. */
  async follow(selector: string, url?: RegExp | string): Promise<void> {
    await Promise.all([url ? this.page.waitForURL(url) : this.page.waitForEvent('load'), this.page.click(selector)]);
  }

  /**
   * Check the page the person is on: screenshots at 1280 and 375 px (whole, and the first screen), no sideways scrolling
   * at 320 px, and axe (no serious or critical finding) in the auditing twin. `reach` replays
   * how the page was reached when a GET of its URL does not show it (a form sent back).
   */
  async check(name: string, reach?: (p: Page) => Promise<void>): Promise<void> {
    this.pages.push(name);
    const { page } = this;
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${this.shots}/${name}-${width}.png`, fullPage: true });
      // The first screen alone, as docs/screenshots shows it.
      await page.screenshot({ path: `${this.shots}/${name}-${width}-top.png` });
    }
    await this.inspect(name, reach);
  }

  /** No sideways scrolling at 320 px, and no serious or critical axe finding, on the page the person is on. */
  async inspect(name: string, reach?: (p: Page) => Promise<void>): Promise<void> {
    const { page } = this;
    await page.setViewportSize({ width: 320, height: 900 });
    expect(await page.evaluate('document.documentElement.scrollWidth'), `${name} at 320 px`).toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 1280, height: 900 });
    const serious = await seriousAxeFindings(this.auditor, this.context, page.url(), reach);
    expect(serious, `${name}: axe`).toEqual([]);
  }

  /** Every request the browser made went to Presswire itself, and the browser saw no error. */
  expectClean(): void {
    expect(this.requests.filter((url) => !url.startsWith('about:') && new URL(url).origin !== this.base)).toEqual([]);
    expect(this.problems).toEqual([]);
  }

  async close(): Promise<void> {
    await this.context.close();
    await this.auditor.close();
  }
}
