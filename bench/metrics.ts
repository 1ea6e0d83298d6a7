/**
 * `npm run bench -- metrics`: how long a Prometheus scrape takes against a large ledger —
 * 100,000 email deliveries (mostly accepted; some bounced, failed, deferred), one attempt
 * each, and 2,000 bounces and complaints recorded after acceptance — on SQLite and PostgreSQL,
 * with the queues read from a real Redis. Each scrape reads every figure afresh.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, type Db } from '../src/db/client.js';
import type { DeliveryStatus } from '../src/db/schema.js';
import { newId } from '../src/ids.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics/registry.js';
import { connectedRedis } from '../src/queue/connection.js';
import { createQueues } from '../src/queue/queues.js';
import { firstOrganisation } from '../src/organisations/organisations.service.js';
import { recordDeliveryEvent } from '../src/tracking/delivery-events.js';
import { createPgDatabase, removeQueues, repoRoot, seed } from './presswire.js';

export interface ScrapeTiming {
  database: 'sqlite' | 'postgres';
  deliveries: number;
  bytes: number;
  p50Ms: number;
  maxMs: number;
}

const timedScrapes = 20;

/** One in fifty bounced at RCPT, one in a hundred failed, one in two hundred deferred; the rest accepted. */
const statusOf = (n: number): DeliveryStatus => (n % 50 === 0 ? 'bounced' : n % 100 === 1 ? 'failed' : n % 200 === 3 ? 'deferred' : 'accepted');
const codeOf = (status: DeliveryStatus) => ({ bounced: 550, failed: 554, deferred: 451 })[status as string] ?? 250;

async function seedLedger(db: Db, deliveries: number): Promise<string[]> {
  const releaseId = await seed(db, 0, readFileSync(join(repoRoot, 'bench/release.txt'), 'utf8'));
  const org = await firstOrganisation(db);
  const now = Date.now();
  const distributionId = newId('dst');
  await db.kysely
    .insertInto('distributions')
    .values({ org_id: org.id, id: distributionId, release_id: releaseId, idempotency_key: null, request_hash: 'bench', audience: '{"lists":[]}', channels: '[]', status: 'completed', status_reason: null, send_at: null, created_at: now, updated_at: now, planned_at: now, completed_at: now, requested_by: null, approved_by: null, approved_at: null, approved_state: null })
    .execute();
  const accepted: string[] = [];
  for (let i = 0; i < deliveries; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, deliveries - i) }, (_, j) => {
      const n = i + j;
      const status = statusOf(n);
      const address = `journalist${n}@outlet${n % 97}.example.org`;
      // Spread over the last two days, so the windows have something on both sides.
      const at = now - Math.floor((n / deliveries) * 48 * 3600_000);
      return { id: newId('dlv'), distribution_id: distributionId, kind: 'email' as const, revision: 0, account_id: null, target_key: address, contact_id: null, address, recipient_name: null, language: 'en', variant: 'public' as const, batch: Math.floor(n / 200), status, lease_owner: null, lease_until: null, transmit_at: null, next_attempt_at: at, last_code: codeOf(status), last_enhanced: null, last_reply: null, reason: null, message_id: `<${n}.bench@press.example.org>`, in_reply_to: null, reference_code: null, external_id: null, external_url: null, created_at: at, updated_at: at, finished_at: status === 'deferred' ? null : at };
    });
    await db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('deliveries').values(rows).execute();
      await trx
        .insertInto('delivery_attempts')
        .values(rows.map((r) => ({ delivery_id: r.id, attempt: 1, started_at: r.created_at, finished_at: r.created_at, outcome: r.status, code: r.last_code, enhanced: null, reply: null, worker: 'bench' })))
        .execute();
    });
    accepted.push(...rows.filter((r) => r.status === 'accepted').map((r) => r.id));
  }
  return accepted;
}

async function openBenchDatabase(database: 'sqlite' | 'postgres', pgAdminUrl: string) {
  if (database === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'presswire-bench-metrics-'));
    return { db: openDatabase({ kind: 'sqlite', file: join(dir, 'presswire.db') }), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const pg = await createPgDatabase(pgAdminUrl);
  return { db: openDatabase({ kind: 'postgres', url: pg.url }), drop: pg.drop };
}

export async function benchMetrics(options: { database: 'sqlite' | 'postgres'; deliveries: number; redisUrl: string; pgAdminUrl: string }): Promise<ScrapeTiming> {
  const { db, drop } = await openBenchDatabase(options.database, options.pgAdminUrl);
  const prefix = `bench-metrics-${randomBytes(4).toString('hex')}`;
  const redis = await connectedRedis(options.redisUrl, 'producer');
  const queues = createQueues(redis, prefix);
  try {
    await migrate(db);
    const accepted = await seedLedger(db, options.deliveries);
    const clock = { now: () => Date.now() };
    // Bounces and complaints through their one writer, as the inbound endpoint records them.
    for (let i = 0; i < 2000 && i < accepted.length; i++) {
      const type = i % 4 === 0 ? 'complaint' : 'bounce';
      await recordDeliveryEvent({ db, queues, clock }, { deliveryId: accepted[i * 10 % accepted.length]!, type, bounceKind: type === 'bounce' ? 'hard' : undefined, source: 'smtp', eventKey: `bench-${i}`, occurredAt: clock.now() });
    }
    const metrics = createMetrics({ db, queues, clock, logger: createLogger({ level: 'warn', format: 'json' }) });
    let bytes = 0;
    for (let i = 0; i < 3; i++) bytes = (await metrics.scrape()).length;
    const times: number[] = [];
    for (let i = 0; i < timedScrapes; i++) {
      const started = performance.now();
      await metrics.scrape();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return { database: options.database, deliveries: options.deliveries, bytes, p50Ms: times[Math.floor(times.length / 2)]!, maxMs: times[times.length - 1]! };
  } finally {
    await queues.close();
    await removeQueues(options.redisUrl, prefix);
    redis.disconnect();
    await db.close();
    await drop();
  }
}

export function printScrapes(timings: ScrapeTiming[]): void {
  const rows = [['database', 'deliveries', 'scrape p50', 'scrape max', 'size'], ...timings.map((t) => [t.database, t.deliveries.toLocaleString('en-US'), `${t.p50Ms.toFixed(1)} ms`, `${t.maxMs.toFixed(1)} ms`, `${(t.bytes / 1024).toFixed(1)} KB`])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  process.stdout.write(`${rows.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n')}\n`);
}
