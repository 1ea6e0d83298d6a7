import type { Kysely, Migration } from 'kysely';

/**
 * A release's image, posted with it on social networks. The bytes are kept as base64 text,
 * which both databases store the same way; images are capped at a few megabytes.
 */
export const releaseImages: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('release_images')
      .addColumn('release_id', 'text', (c) => c.primaryKey().references('releases.id'))
      .addColumn('mime_type', 'text', (c) => c.notNull())
      .addColumn('alt', 'text', (c) => c.notNull())
      .addColumn('bytes', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
