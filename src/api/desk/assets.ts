/**
 * The desk's stylesheet and icon, and htmx (and its SSE extension) from node_modules: served by Presswire itself
 * (the CSP allows nothing from another origin), each folder limited to the files named,
 * so no source map or stray file of a package is reachable.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** src/web/assets, from src/api/desk (tests) or dist/src/api/desk (built): tsc copies no CSS, so the source folder is used. */
function findAssetsDir(start: string): string {
  for (let dir = start; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'src', 'web', 'assets');
    if (existsSync(join(candidate, 'app.css'))) return candidate;
  }
  throw new Error(`src/web/assets not found above ${start}`);
}

const assets = new Set(['app.css', 'favicon.svg']);
// The SSE extension feeds a send's live progress (its page loads it).
const vendor = new Set(['htmx.min.js', 'ext/hx-sse.js']);

export async function assetRoutes(app: FastifyInstance): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const htmxDir = dirname(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'));
  const options = { index: false, list: false, maxAge: '1h', dotfiles: 'deny' } as const;
  await app.register(fastifyStatic, { ...options, root: findAssetsDir(here), prefix: '/assets/', allowedPath: (path) => assets.has(path.slice(1)) });
  await app.register(fastifyStatic, { ...options, root: htmxDir, prefix: '/assets/vendor/', decorateReply: false, allowedPath: (path) => vendor.has(path.slice(1)) });
}
