import type { Kysely, Migration } from 'kysely';

/**
 * Corrections: a new release that replaces a finalized one, linked to it. `corrects` names the
 * release it corrects; `correction_note` says what changed (shown dated on the public page).
 */
export const corrections: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('releases').addColumn('corrects', 'text').execute();
    await db.schema.alterTable('releases').addColumn('correction_note', 'text').execute();
    await db.schema.createIndex('releases_corrects').on('releases').column('corrects').execute();
  },
};
