/**
 * The databases the suite runs against: SQLite and PostgreSQL, each test file with its
 * own fresh database. PRESSWIRE_TEST_DATABASES=sqlite (or postgres) narrows the run.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type TestDatabaseKind = 'sqlite' | 'postgres';

export const testDatabaseKinds = (): TestDatabaseKind[] => {
  const wanted = process.env.PRESSWIRE_TEST_DATABASES?.split(',').map((s) => s.trim()) ?? ['sqlite', 'postgres'];
  return (['sqlite', 'postgres'] as const).filter((k) => wanted.includes(k));
};

/** The server the suite may create databases on (trust auth on this machine). */
export const adminPgUrl = process.env.PRESSWIRE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestPostgres {
  url: string;
  drop(): Promise<void>;
}

export async function createPostgresDatabase(): Promise<TestPostgres> {
  const name = `presswire_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminPgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminPgUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminPgUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
