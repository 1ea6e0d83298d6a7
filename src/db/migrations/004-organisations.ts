import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import { newId } from '../../ids.js';

/**
 * Organisations, people and the audit log. Every release, contact, list, suppression,
 * distribution, social account and token gets an `org_id`; what was there before belongs to
 * the first organisation, created here. Names that were unique across the install (a list's
 * name, a contact's address, an idempotency key, an account) become unique per organisation.
 * The unused `settings` table goes: an organisation's settings are columns of its row.
 *
 * SQLite cannot change a table's constraints, so there the tables whose uniqueness changes
 * are rebuilt (foreign keys off while parents are swapped, as in 003); PostgreSQL alters them.
 */

type Table = (db: Kysely<unknown>, name: string) => CreateTableBuilder<string, never>;

const org = (c: ColumnDefinitionBuilder) => c.notNull().references('organisations.id');

const rebuilt: Record<string, Table> = {
  contacts: (db, name) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', org)
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('email_key', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('first_name', 'text')
      .addColumn('last_name', 'text')
      .addColumn('outlet', 'text')
      .addColumn('title', 'text')
      .addColumn('beat', 'text')
      .addColumn('city', 'text')
      .addColumn('region', 'text')
      .addColumn('country', 'text')
      .addColumn('language', 'text')
      .addColumn('twitter', 'text')
      .addColumn('phone', 'text')
      .addColumn('embargo_ok', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('contacts_org_email', ['org_id', 'email_key']),
  lists: (db, name) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', org)
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('early_access', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('lists_org_name', ['org_id', 'name']),
  suppressions: (db, name) =>
    db.schema
      .createTable(name)
      .addColumn('org_id', 'text', org)
      .addColumn('email_key', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .addColumn('delivery_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('suppressions_org_email', ['org_id', 'email_key']),
  distributions: (db, name) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', org)
      .addColumn('release_id', 'text', (c) => c.notNull().references('releases.id'))
      .addColumn('idempotency_key', 'text')
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('audience', 'text', (c) => c.notNull())
      .addColumn('channels', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('status_reason', 'text')
      .addColumn('send_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('planned_at', 'bigint')
      .addColumn('completed_at', 'bigint')
      .addColumn('requested_by', 'text')
      .addColumn('approved_by', 'text')
      .addColumn('approved_at', 'bigint')
      .addColumn('approved_state', 'text')
      .addUniqueConstraint('distributions_org_key', ['org_id', 'idempotency_key']),
  social_accounts: (db, name) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', org)
      .addColumn('network', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('credentials', 'text')
      .addColumn('last_error', 'text')
      .addColumn('verified_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('social_accounts_org_name', ['org_id', 'network', 'name']),
  api_tokens: (db, name) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', org)
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.references('users.id'))
      .addColumn('approved_sends', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('bootstrap', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint')
      .addColumn('revoked_at', 'bigint'),
};

async function createPeople(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('sender_name', 'text')
    .addColumn('sender_address', 'text')
    .addColumn('postal_address', 'text')
    .addColumn('theme', 'text')
    .addColumn('approval', 'text', (c) => c.notNull().defaultTo('off'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text')
    .addColumn('install_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    .execute();
  await db.schema
    .createTable('memberships')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('org_id', 'text', org)
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['user_id', 'org_id'])
    .execute();
  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('org_id', 'text', org)
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  await db.schema
    .createTable('sign_in_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('org_id', 'text', org)
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text')
    .addColumn('object_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('state_hash', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_log_org_at').on('audit_log').columns(['org_id', 'at']).execute();
}

async function addReleaseOrg(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres', orgId: string): Promise<void> {
  // SQLite adds a NOT NULL column only with a default; the default names the first organisation,
  // and every insert names its organisation anyway (the column is required in the table types).
  if (dialect === 'sqlite') await sql`alter table releases add column org_id text not null default ${sql.lit(orgId)} references organisations(id)`.execute(db);
  else {
    await sql`alter table releases add column org_id text references organisations(id)`.execute(db);
    await sql`update releases set org_id = ${orgId}`.execute(db);
    await sql`alter table releases alter column org_id set not null`.execute(db);
  }
  await db.schema.createIndex('releases_org').on('releases').columns(['org_id', 'id']).execute();
}

async function columnsOf(db: Kysely<unknown>, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
  return rows.map((r) => r.name);
}

async function rebuildOnSqlite(db: Kysely<unknown>, orgId: string): Promise<void> {
  for (const [table, create] of Object.entries(rebuilt)) {
    const old = (await columnsOf(db, table)).filter((c) => c !== 'org_id');
    await create(db, `${table}_next`).execute();
    const list = sql.raw(old.join(', '));
    await sql`insert into ${sql.table(`${table}_next`)} (org_id, ${list}) select ${orgId}, ${list} from ${sql.table(table)}`.execute(db);
    await sql`drop table ${sql.table(table)}`.execute(db);
    await sql`alter table ${sql.table(`${table}_next`)} rename to ${sql.table(table)}`.execute(db);
  }
  await db.schema.createIndex('distributions_status').on('distributions').column('status').execute();
  await db.schema.createIndex('distributions_release').on('distributions').column('release_id').execute();
  const broken = await sql`pragma foreign_key_check`.execute(db);
  if (broken.rows.length > 0) throw new Error(`foreign keys broken by the rebuild: ${JSON.stringify(broken.rows.slice(0, 3))}`);
}

async function alterOnPostgres(db: Kysely<unknown>, orgId: string): Promise<void> {
  for (const table of Object.keys(rebuilt)) {
    await sql`alter table ${sql.table(table)} add column org_id text references organisations(id)`.execute(db);
    await sql`update ${sql.table(table)} set org_id = ${orgId}`.execute(db);
    await sql`alter table ${sql.table(table)} alter column org_id set not null`.execute(db);
  }
  await sql`alter table contacts drop constraint contacts_email_key_key, add constraint contacts_org_email unique (org_id, email_key)`.execute(db);
  await sql`alter table lists drop constraint lists_name_key, add constraint lists_org_name unique (org_id, name)`.execute(db);
  await sql`alter table suppressions drop constraint suppressions_pkey, add constraint suppressions_org_email primary key (org_id, email_key)`.execute(db);
  await sql`alter table distributions drop constraint distributions_idempotency_key_key, add constraint distributions_org_key unique (org_id, idempotency_key),
    add column requested_by text, add column approved_by text, add column approved_at bigint, add column approved_state text`.execute(db);
  await sql`alter table social_accounts drop constraint social_accounts_name, add constraint social_accounts_org_name unique (org_id, network, name)`.execute(db);
  await sql`alter table api_tokens add column user_id text references users(id), add column approved_sends integer not null default 0,
    add column bootstrap integer not null default 0, add column created_by text, add column last_used_at bigint, add column revoked_at bigint`.execute(db);
}

/** The audit log is append-only in the database itself, not only in the code that writes it. */
async function protectAuditLog(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect === 'sqlite') {
    for (const op of ['update', 'delete']) {
      await sql`create trigger ${sql.raw(`audit_log_no_${op}`)} before ${sql.raw(op)} on audit_log
        begin select raise(abort, 'the audit log is append-only'); end`.execute(db);
    }
    return;
  }
  await sql`create function audit_log_append_only() returns trigger language plpgsql as
    $$ begin raise exception 'the audit log is append-only'; end $$`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete or truncate on audit_log
    for each statement execute function audit_log_append_only()`.execute(db);
}

async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await createPeople(db);
  const orgId = newId('org');
  const now = Date.now();
  // The first organisation keeps the install's sender, name and address (ORG_NAME, MAIL_FROM, ORG_ADDRESS) until it sets its own.
  await sql`insert into organisations (id, name, approval, created_at, updated_at) values (${orgId}, 'Default organisation', 'off', ${now}, ${now})`.execute(db);
  await addReleaseOrg(db, dialect, orgId);
  if (dialect === 'sqlite') await rebuildOnSqlite(db, orgId);
  else await alterOnPostgres(db, orgId);
  await db.schema.dropTable('settings').execute();
  await protectAuditLog(db, dialect);
}

export const organisations = (dialect: 'sqlite' | 'postgres'): Migration => ({
  up: async (db) => {
    if (dialect === 'postgres') return up(db, dialect);
    await sql`pragma foreign_keys = off`.execute(db);
    // Immediate: a second process starting at the same moment waits here, then finds the work done.
    await sql`begin immediate`.execute(db);
    try {
      const done = (await columnsOf(db, 'releases')).includes('org_id');
      if (!done) await up(db, dialect);
      await sql`commit`.execute(db);
    } catch (err) {
      await sql`rollback`.execute(db);
      throw err;
    } finally {
      await sql`pragma foreign_keys = on`.execute(db);
    }
  },
});
