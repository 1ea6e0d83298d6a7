/** A real browser for pages people see: Debian's Chromium driven by playwright-core. */
import { existsSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `options` such as `bypassCSP`, for a context that injects test scripts (axe) into pages. */
export async function launchBrowser(options: Pick<BrowserContextOptions, 'bypassCSP'> = {}): Promise<BrowserContext> {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'presswire-chromium-')), {
    executablePath: chromiumPath,
    headless: true,
    ...options,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
