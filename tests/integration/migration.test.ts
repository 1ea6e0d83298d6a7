/**
 * Upgrading a database written before deliveries had kinds: packed values (`channel =
 * 'email-update-2'`, `variant = 'update-2'`, `batch = -1`) become their own columns, rows
 * that point at deliveries keep pointing at them, and the new identity holds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../../src/db/client.js';
import { migrationsFor } from '../../src/db/migrations/index.js';
import { createPostgresDatabase, testDatabaseKinds, type TestPostgres } from '../helpers/databases.js';

async function openOld(kind: 'sqlite' | 'postgres', dir: string, pg?: TestPostgres): Promise<Db> {
  const db = openDatabase(kind === 'sqlite' ? { kind, file: join(dir, 'old.db') } : { kind, url: pg!.url });
  const all = migrationsFor(db.dialect);
  const before = { '001-initial': all['001-initial']!, '002-release-images': all['002-release-images']! };
  const { error } = await new Migrator({ db: db.kysely, provider: { getMigrations: async () => before } }).migrateToLatest();
  if (error) throw error;
  return db;
}

async function seedOldRows(db: Db): Promise<void> {
  const k = db.kysely;
  await sql`insert into releases (id, status, language, headline, content, source_format, created_at, updated_at)
    values ('rel_1', 'finalized', 'en', 'H', '{}', 'json', 1, 1)`.execute(k);
  await sql`insert into distributions (id, release_id, request_hash, audience, channels, status, created_at, updated_at)
    values ('dst_1', 'rel_1', 'h', '{"lists":[]}', '["email"]', 'completed', 1, 1)`.execute(k);
  await sql`insert into social_accounts (id, network, name, status, settings, created_at, updated_at)
    values ('acct_1', 'x', '@org', 'dry_run', '{}', 1, 1)`.execute(k);
  const delivery = (id: string, channel: string, target: string, variant: string, batch: number) =>
    sql`insert into deliveries (id, distribution_id, channel, target_key, address, language, variant, batch, status, next_attempt_at, message_id, created_at, updated_at)
      values (${id}, 'dst_1', ${channel}, ${target}, ${target}, 'en', ${variant}, ${batch}, 'accepted', 1, ${`<${id}>`}, 1, 1)`.execute(k);
  await delivery('dlv_email', 'email', 'a@example.org', 'embargoed', 0);
  await delivery('dlv_update', 'email-update-2', 'a@example.org', 'update-2', 1);
  await delivery('dlv_social', 'x', 'acct_1', 'public', -1);
  await sql`insert into delivery_attempts (delivery_id, attempt, started_at, finished_at, outcome, worker) values ('dlv_update', 1, 1, 1, 'accepted', 'w')`.execute(k);
  await sql`insert into renders (id, distribution_id, variant, language, content, created_at) values ('rnd_1', 'dst_1', 'update-2', 'en', '{}', 1)`.execute(k);
}

describe.each(testDatabaseKinds())('migration to delivery kinds (%s)', (kind) => {
  const dir = mkdtempSync(join(tmpdir(), 'presswire-migration-'));
  let pg: TestPostgres | undefined;
  let db: Db | undefined;
  afterAll(async () => {
    await db?.close();
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves packed values into their own columns and keeps every reference', async () => {
    if (kind === 'postgres') pg = await createPostgresDatabase();
    db = await openOld(kind, dir, pg);
    await seedOldRows(db);
    await migrate(db);

    const rows = await db.kysely.selectFrom('deliveries').select(['id', 'kind', 'revision', 'account_id', 'variant', 'batch']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'dlv_email', kind: 'email', revision: 0, account_id: null, variant: 'embargoed', batch: 0 },
      { id: 'dlv_social', kind: 'social', revision: 0, account_id: 'acct_1', variant: 'public', batch: null },
      { id: 'dlv_update', kind: 'embargo_update', revision: 2, account_id: null, variant: 'update', batch: 1 },
    ]);
    expect(await db.kysely.selectFrom('renders').select(['variant', 'revision']).execute()).toEqual([{ variant: 'update', revision: 2 }]);
    expect(await db.kysely.selectFrom('delivery_attempts').select('delivery_id').execute()).toEqual([{ delivery_id: 'dlv_update' }]);
    // The identity is (distribution, kind, revision, target): the same address may hold a copy and an update, once each.
    const again = sql`insert into deliveries (id, distribution_id, kind, revision, target_key, address, language, variant, status, next_attempt_at, message_id, created_at, updated_at)
      values ('dlv_twice', 'dst_1', 'embargo_update', 2, 'a@example.org', 'a@example.org', 'en', 'update', 'queued', 1, '<x>', 1, 1)`;
    await expect(again.execute(db.kysely)).rejects.toThrow(/unique/i);
    // Running the migrations again finds nothing to do.
    await migrate(db);
  });
});
