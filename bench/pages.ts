/**
 * `npm run bench -- pages`: how fast the desk's pages answer on the embedded default with a
 * realistic organisation — 10,000 contacts on a list, 100 releases, one distribution sent to
 * all 10,000 — as a signed-in admin sees them. `presswire start` runs as a user would
 * (SQLite, the development outbox replaced by a sink so the send finishes quickly); each
 * page is fetched over HTTP, warmed up, then timed sequentially. The budget is 200 ms a page.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../src/auth/actor.js';
import { migrate, openDatabase, type Db } from '../src/db/client.js';
import { firstOrganisation } from '../src/organisations/organisations.service.js';
import { finalizeRelease, importReleaseFile } from '../src/releases/releases.service.js';
import { benchEnv, removeQueues, repoRoot, seed, spawnRole, startBenchDistribution, stop } from './presswire.js';
import { freePort, startSink } from './sink.js';

export interface PageTiming {
  page: string;
  path: string;
  status: number;
  bytes: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

const budgetMs = 200;
const timedRequests = 30;

/** 99 more releases beside the seeded one: mostly finalized, some drafts, as an organisation's history looks. */
async function moreReleases(db: Db, source: string, count: number): Promise<void> {
  const org = await firstOrganisation(db);
  const actor: Actor = { orgId: org.id, role: 'admin', via: 'token', person: { type: 'token', id: 'bench', label: 'bench' }, tokenId: null, installAdmin: true, approvedSends: false, ip: null };
  const deps = { db, clock: { now: () => Date.now() } };
  const [first, ...rest] = source.split('\n');
  for (let i = 0; i < count; i++) {
    const { release } = await importReleaseFile(deps, actor, { source: [`${first} (${i + 2})`, ...rest].join('\n'), filename: 'release.txt' });
    if (i % 4 !== 0) await finalizeRelease(deps, actor, release.id);
  }
}

/** A browser's cookies, enough for the sign-in link's form and the session it starts. */
class Jar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  keep(response: Response): void {
    for (const c of response.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
}

/** A new admin, signed in by the one-time link the API hands out: the session cookies of their browser. */
async function signedInBrowser(base: string, token: string): Promise<Jar> {
  const created = await fetch(`${base}/api/v1/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench.admin@presswire.example.org', role: 'admin' }),
  });
  const { signInUrl } = (await created.json()) as { signInUrl: string };
  const path = new URL(signInUrl).pathname;
  const jar = new Jar();
  const landing = await fetch(`${base}${path}`);
  jar.keep(landing);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await landing.text())?.[1] ?? '';
  const signedIn = await fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf }).toString(),
  });
  if (signedIn.status !== 303) throw new Error(`signing in answered ${signedIn.status}`);
  jar.keep(signedIn);
  return jar;
}

async function timePage(base: string, jar: Jar, page: string, path: string): Promise<PageTiming> {
  const get = async () => {
    const started = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { cookie: jar.header() }, redirect: 'manual' });
    const body = await res.arrayBuffer();
    return { ms: performance.now() - started, status: res.status, bytes: body.byteLength };
  };
  for (let i = 0; i < 3; i++) await get();
  const runs = [];
  for (let i = 0; i < timedRequests; i++) runs.push(await get());
  const sorted = runs.map((r) => r.ms).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { page, path, status: runs[0]!.status, bytes: runs[0]!.bytes, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: sorted.at(-1)! };
}

/** The pages a comms officer opens in a day, with the ids of this organisation's data. */
async function pagesOf(db: Db, releaseId: string, distributionId: string): Promise<[string, string][]> {
  const contact = await db.kysely.selectFrom('contacts').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
  return [
    ['releases', '/releases'],
    ['releases search', '/releases?q=report'],
    ['release', `/releases/${releaseId}`],
    ['new release', '/releases/new'],
    ['send', `/releases/${releaseId}/send`],
    ['lists', '/lists'],
    ['list (10,000 contacts)', '/lists/bench'],
    ['contacts search', '/contacts?q=journalist42'],
    ['contact', `/contacts/${contact.id}/edit`],
    ['suppressions', '/suppressions'],
    ['sends', '/distributions'],
    ['distribution', `/distributions/${distributionId}`],
    ['recipients', `/distributions/${distributionId}/recipients`],
    ['recipients filtered', `/distributions/${distributionId}/recipients?status=accepted`],
    ['report', `/distributions/${distributionId}/report`],
    ['scheduled', '/scheduled'],
    ['social accounts', '/accounts'],
    ['trace', '/trace'],
    ['audit log', '/audit'],
    ['settings', '/settings'],
    ['people', '/people'],
    ['account', '/account'],
  ];
}

export async function benchPages(redisUrl: string): Promise<PageTiming[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'presswire-bench-pages-'));
  const db = openDatabase({ kind: 'sqlite', file: join(dataDir, 'presswire.db') });
  const prefix = `bench-pages-${randomBytes(4).toString('hex')}`;
  const sink = await startSink(join(repoRoot, 'dist/bench/node-sink.js'));
  const source = readFileSync(join(repoRoot, 'bench/release.txt'), 'utf8');
  let server: Awaited<ReturnType<typeof spawnRole>> | undefined;
  try {
    await migrate(db);
    process.stderr.write('seeding 10,000 contacts and 100 releases…\n');
    const releaseId = await seed(db, 10_000, source);
    await moreReleases(db, source, 99);
    const port = await freePort();
    server = await spawnRole(['start'], benchEnv({ port, dataDir, redisUrl, prefix, sinkPort: sink.port }));
    const base = `http://127.0.0.1:${port}`;
    process.stderr.write('sending to 10,000…\n');
    const distributionId = await startBenchDistribution(port, dataDir, releaseId);
    for (;;) {
      const row = await db.kysely.selectFrom('distributions').select('status').where('id', '=', distributionId).executeTakeFirstOrThrow();
      if (row.status.startsWith('completed')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const jar = await signedInBrowser(base, readFileSync(join(dataDir, 'admin-token'), 'utf8').trim());
    const timings: PageTiming[] = [];
    for (const [page, path] of await pagesOf(db, releaseId, distributionId)) timings.push(await timePage(base, jar, page, path));
    return timings;
  } finally {
    if (server) await stop(server);
    await sink.close();
    await removeQueues(redisUrl, prefix);
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printPages(timings: PageTiming[]): void {
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  const rows = [['page', 'status', 'size', 'p50', 'p95', 'max', `within ${budgetMs} ms`]];
  for (const t of timings) {
    rows.push([t.page, String(t.status), `${(t.bytes / 1024).toFixed(1)} KB`, fmt(t.p50Ms), fmt(t.p95Ms), fmt(t.maxMs), t.status === 200 && t.p95Ms <= budgetMs ? 'yes' : 'NO']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  process.stdout.write(`${rows.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n')}\n`);
}
