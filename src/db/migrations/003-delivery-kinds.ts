import { sql, type Kysely, type Migration } from 'kysely';

/**
 * A delivery's kind, revision and account get columns of their own, replacing values packed
 * into strings (`channel = 'email-update-2'`, `variant = 'update-2'`, `batch = -1` for social
 * posts); the unused `generation` goes. Renders get the revision beside their variant.
 *
 * SQLite cannot drop a table constraint, so there both tables are rebuilt (with foreign keys
 * off while the parent table is swapped); PostgreSQL alters them in place.
 */
const kind = sql`case when channel = 'email' then 'email' when channel like 'email-update-%' then 'embargo_update' else 'social' end`;
const revision = sql`case when variant like 'update-%' then cast(substr(variant, 8) as integer) else 0 end`;
const variant = sql`case when variant like 'update-%' then 'update' else variant end`;
const account = sql`case when channel like 'email%' then null else target_key end`;
const batch = sql`case when batch < 0 then null else batch end`;

const deliveryColumns = `id, distribution_id, target_key, contact_id, address, recipient_name, language, status, attempts, throttled,
  duplicate_risk, lease_owner, lease_until, transmit_at, next_attempt_at, last_code, last_enhanced, last_reply, reason, message_id,
  in_reply_to, reference_code, external_id, external_url, created_at, updated_at, finished_at`;

async function createDeliveries(db: Kysely<unknown>, name: string): Promise<void> {
  await db.schema
    .createTable(name)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('distribution_id', 'text', (c) => c.notNull().references('distributions.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('account_id', 'text', (c) => c.references('social_accounts.id'))
    .addColumn('target_key', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('recipient_name', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('batch', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('throttled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duplicate_risk', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'bigint')
    .addColumn('transmit_at', 'bigint')
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_code', 'integer')
    .addColumn('last_enhanced', 'text')
    .addColumn('last_reply', 'text')
    .addColumn('reason', 'text')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('in_reply_to', 'text')
    .addColumn('reference_code', 'text', (c) => c.unique())
    .addColumn('external_id', 'text')
    .addColumn('external_url', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addUniqueConstraint('deliveries_target', ['distribution_id', 'kind', 'revision', 'target_key'])
    .execute();
}

async function createRenders(db: Kysely<unknown>, name: string): Promise<void> {
  await db.schema
    .createTable(name)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('distribution_id', 'text', (c) => c.notNull().references('distributions.id'))
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('renders_variant', ['distribution_id', 'variant', 'revision', 'language'])
    .execute();
}

async function indexDeliveries(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('deliveries_batch').ifNotExists().on('deliveries').columns(['distribution_id', 'batch', 'status']).execute();
  await db.schema.createIndex('deliveries_status').ifNotExists().on('deliveries').columns(['distribution_id', 'status']).execute();
}

async function rebuildOnSqlite(db: Kysely<unknown>): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  // Immediate: a second process starting at the same moment waits here, then finds the work done.
  await sql`begin immediate`.execute(db);
  try {
    const { rows } = await sql<{ name: string }>`select name from pragma_table_info('deliveries')`.execute(db);
    if (!rows.some((r) => r.name === 'kind')) {
      await createDeliveries(db, 'deliveries_next');
      await sql`insert into deliveries_next (${sql.raw(deliveryColumns)}, kind, revision, account_id, variant, batch)
        select ${sql.raw(deliveryColumns)}, ${kind}, ${revision}, ${account}, ${variant}, ${batch} from deliveries`.execute(db);
      await sql`drop table deliveries`.execute(db);
      await sql`alter table deliveries_next rename to deliveries`.execute(db);
      await indexDeliveries(db);
      await createRenders(db, 'renders_next');
      await sql`insert into renders_next (id, distribution_id, variant, revision, language, content, created_at)
        select id, distribution_id, ${variant}, ${revision}, language, content, created_at from renders`.execute(db);
      await sql`drop table renders`.execute(db);
      await sql`alter table renders_next rename to renders`.execute(db);
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error(`foreign keys broken by the rebuild: ${JSON.stringify(broken.rows.slice(0, 3))}`);
    }
    await sql`commit`.execute(db);
  } catch (err) {
    await sql`rollback`.execute(db);
    throw err;
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function alterOnPostgres(db: Kysely<unknown>): Promise<void> {
  await sql`alter table deliveries add column kind text, add column revision integer not null default 0,
    add column account_id text references social_accounts(id), alter column batch drop not null`.execute(db);
  await sql`update deliveries set kind = ${kind}, revision = ${revision}, account_id = ${account}, variant = ${variant}, batch = ${batch}`.execute(db);
  await sql`alter table deliveries alter column kind set not null, drop constraint deliveries_target, drop column channel, drop column generation,
    add constraint deliveries_target unique (distribution_id, kind, revision, target_key)`.execute(db);
  await sql`alter table renders add column revision integer not null default 0`.execute(db);
  await sql`update renders set revision = ${revision}, variant = ${variant}`.execute(db);
  await sql`alter table renders drop constraint renders_variant, add constraint renders_variant unique (distribution_id, variant, revision, language)`.execute(db);
}

export const deliveryKinds = (dialect: 'sqlite' | 'postgres'): Migration => ({
  up: (db) => (dialect === 'sqlite' ? rebuildOnSqlite(db) : alterOnPostgres(db)),
});
