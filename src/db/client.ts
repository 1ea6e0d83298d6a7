/**
 * Opens the database: SQLite (WAL) under the data directory by default, PostgreSQL
 * when DATABASE_URL says so. Both are reached through one Kysely instance.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { AppError } from '../errors.js';
import { migrationsFor } from './migrations/index.js';
import type { Database } from './schema.js';

export type DatabaseSettings = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export interface Db {
  kysely: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** Where the data lives, for people: a file path or a URL without its password. */
  location: string;
  close(): Promise<void>;
}

// pg returns BIGINT as a string by default; our bigints are millisecond instants well within 2^53.
const pgTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'),
};

function openSqlite(file: string): Db {
  mkdirSync(dirname(file), { recursive: true });
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  // Several processes may share the file; wait for a writer instead of failing with SQLITE_BUSY.
  database.pragma('busy_timeout = 15000');
  // In WAL mode NORMAL survives a process crash; only a power loss can drop the last commits.
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  // The ledger holds every journalist's address: readable by this user only (the WAL files too).
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { kysely, dialect: 'sqlite', location: file, close: () => kysely.destroy() };
}

function openPostgres(url: string): Db {
  const pool = new pg.Pool({ connectionString: url, max: 10, types: pgTypes, connectionTimeoutMillis: 5000 });
  // A connection dropped by a restarting server is reported as an 'error' event — by the pool
  // for an idle one, by the client for one in use between queries; unhandled, either would end
  // the process. The query in flight fails where it can be handled; the next opens a fresh connection.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const shown = new URL(url);
  shown.password = shown.password ? '***' : '';
  return { kysely, dialect: 'postgres', location: shown.toString(), close: () => kysely.destroy() };
}

export function openDatabase(settings: DatabaseSettings): Db {
  return settings.kind === 'sqlite' ? openSqlite(settings.file) : openPostgres(settings.url);
}

export async function migrate(db: Db): Promise<void> {
  const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrationsFor(db.dialect) } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new AppError('UNAVAILABLE', `Database migration ${failed?.migrationName ?? ''} failed: ${String((error as Error)?.message ?? error)}`, { cause: error });
  }
}

/** A cheap round trip, for health checks. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}
