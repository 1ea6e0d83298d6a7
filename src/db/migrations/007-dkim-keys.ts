import type { Kysely, Migration } from 'kysely';

/**
 * Organisations' DKIM keys: the private key sealed like social credentials, the public key
 * for the DNS record. One key per organisation is active (signs); others wait for rotation.
 */
export const dkimKeys: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('dkim_keys')
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('selector', 'text', (c) => c.notNull())
      .addColumn('domain', 'text', (c) => c.notNull())
      .addColumn('algorithm', 'text', (c) => c.notNull())
      .addColumn('private_key', 'text', (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('dkim_keys_pk', ['org_id', 'selector'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('dkim_keys').execute();
  },
};
