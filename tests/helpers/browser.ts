/** A real browser for pages people see: Debian's Chromium driven by playwright-core. */
import { existsSync } from 'node:fs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Result } from 'axe-core';
import { chromium, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `options` such as `bypassCSP`, for a context that injects test scripts (axe) into pages, or the `locale` its Accept-Language asks for. */
export async function launchBrowser(options: Pick<BrowserContextOptions, 'bypassCSP' | 'locale'> = {}): Promise<BrowserContext> {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'presswire-chromium-')), {
    executablePath: chromiumPath,
    headless: true,
    ...options,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * The serious and critical axe findings on the page `signedIn` shows, opened in `auditor` (a
 * context that bypasses the CSP, so axe can be injected) with the same cookies; `reach`
 * replays how the page was reached when a GET cannot.
 */
export async function seriousAxeFindings(auditor: BrowserContext, signedIn: BrowserContext, url: string, reach?: (p: Page) => Promise<void>): Promise<string[]> {
  await auditor.clearCookies();
  await auditor.addCookies(await signedIn.cookies());
  const p = await auditor.newPage();
  await p.goto(url);
  if (reach) await reach(p);
  await p.addScriptTag({ content: axeSource });
  // Sandboxed frames (the email previews) run no scripts, so axe cannot enter them; the page itself is audited.
  const violations = (await p.evaluate("axe.run({ iframes: false, resultTypes: ['violations'] }).then((r) => r.violations)")) as Result[];
  await p.close();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
