import type { Kysely, Migration } from 'kysely';

/**
 * A person's interface language on the desk: 'en', 'es', or null to follow the browser's
 * Accept-Language. A plain nullable column adds the same way on SQLite and PostgreSQL.
 */
export const userLocale: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('locale', 'text').execute();
  },
};
