/**
 * The delivery ledger read from outside the processes that write it, and the
 * effectively-once verdict on a distribution: what the database says against what the
 * relay received. The reader survives its database server going away (a pg pool without
 * an error listener would crash the test process when its idle clients are cut off).
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../../src/db/schema.js';
import type { SmtpSink } from './smtp-sink.js';

export type Ledger = Kysely<Database>;

/** Still owed by the system (spelled out here, not imported, so the tests judge the code rather than share its definition). */
export const owedStatuses = ['queued', 'sending', 'deferred', 'ambiguous'];

export function openLedger(target: { databaseUrl?: string; dataDir: string }): Ledger {
  if (target.databaseUrl) {
    const pool = new pg.Pool({ connectionString: target.databaseUrl, max: 2, connectionTimeoutMillis: 5000 });
    pool.on('error', () => {});
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const database = new BetterSqlite3(join(target.dataDir, 'presswire.db'), { fileMustExist: true });
  database.pragma('busy_timeout = 15000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}

export interface Progress {
  status: string;
  /** Rows by status. */
  counts: Record<string, number>;
  owed: number;
}

export async function progress(db: Ledger, distributionId: string): Promise<Progress> {
  const d = await db.selectFrom('distributions').select('status').where('id', '=', distributionId).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('deliveries').select('status').select((eb) => eb.fn.countAll<number>().as('n')).where('distribution_id', '=', distributionId).groupBy('status').execute();
  const counts = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  const owed = owedStatuses.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  return { status: d.status, counts, owed };
}

export const isSettled = (p: Progress): boolean => p.owed === 0 && p.status.startsWith('completed');

/**
 * Poll until the distribution is settled, `giveUp()` holds (say, a process died), or the
 * time is up — then return where it stands, so the verdict can say what is left owed.
 * A read that fails (the database restarting) is just another poll.
 */
export async function settle(db: Ledger, distributionId: string, options: { timeoutMs: number; giveUp?: () => boolean }): Promise<Progress> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const p = await progress(db, distributionId).catch(() => undefined);
    if (p && (isSettled(p) || options.giveUp?.() || Date.now() > deadline)) return p;
    if (!p && Date.now() > deadline) return progress(db, distributionId);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Verdict {
  /** One line per kind of violation, with how many and a few examples; empty when all is well. */
  problems: string[];
  accepted: number;
  /** Recipients who received more than one copy (each must be flagged). */
  duplicates: number;
  flagged: number;
}

/**
 * Every deliverable recipient: row `accepted`, one copy at the relay with the row's
 * Message-ID, or several copies sharing it and the row flagged `duplicate_risk`. Every
 * unknown mailbox: row `bounced`, one RCPT, no copy.
 */
export async function effectivelyOnce(db: Ledger, sink: SmtpSink, distributionId: string, expected: { deliverable: string[]; bounced: string[] }): Promise<Verdict> {
  const rows = await db.selectFrom('deliveries').select(['address', 'status', 'duplicate_risk', 'message_id']).where('distribution_id', '=', distributionId).execute();
  const byAddress = new Map(rows.map((r) => [r.address, r]));
  const copies = new Map<string, (string | undefined)[]>();
  for (const r of sink.received) for (const a of r.rcptTo) copies.set(a, [...(copies.get(a) ?? []), r.messageId]);
  const rcpts = new Map<string, number>();
  for (const r of sink.rcptLog) rcpts.set(r.address, (rcpts.get(r.address) ?? 0) + 1);

  const found = new Map<string, string[]>();
  const problem = (kind: string, address: string) => found.set(kind, [...(found.get(kind) ?? []), address]);
  let duplicates = 0;
  for (const address of expected.deliverable) {
    const row = byAddress.get(address);
    const got = copies.get(address) ?? [];
    if (!row) problem('no delivery row', address);
    else if (row.status !== 'accepted') problem(`row left ${row.status}`, address);
    if (got.length === 0) problem('no copy at the relay', address);
    if (row && got.some((id) => id !== row.message_id)) problem("a copy whose Message-ID is not the row's", address);
    if (got.length > 1) {
      duplicates++;
      if (row?.duplicate_risk !== 1) problem(`${got.length} copies, row not flagged duplicate_risk`, address);
    }
  }
  for (const address of expected.bounced) {
    const row = byAddress.get(address);
    if (row?.status !== 'bounced') problem(`5.1.1 row ${row ? row.status : 'missing'}, not bounced`, address);
    if ((rcpts.get(address) ?? 0) > 1) problem('5.1.1 address given more than one RCPT', address);
    if (copies.has(address)) problem('5.1.1 address received a copy', address);
  }
  const problems = [...found].map(([kind, addresses]) => `${addresses.length} × ${kind} (e.g. ${addresses.slice(0, 3).join(', ')})`);
  return {
    problems,
    accepted: rows.filter((r) => r.status === 'accepted').length,
    duplicates,
    flagged: rows.filter((r) => r.duplicate_risk === 1).length,
  };
}
