import { sql, type Kysely, type Migration } from 'kysely';
import { uniqueSlug } from '../../text/slug.js';

/**
 * Newsrooms: each organisation gets a slug (its newsroom at `/newsroom/<slug>`), derived from
 * its name, and may name a host of its own that serves its newsroom at `/`. Both unique.
 * The columns stay nullable in SQL (SQLite adds no NOT NULL column without a default); every
 * row gets a slug here and every new organisation on creation.
 */
export const organisationSlugs: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('organisations').addColumn('slug', 'text').execute();
    await db.schema.alterTable('organisations').addColumn('newsroom_host', 'text').execute();
    const { rows } = await sql<{ id: string; name: string }>`select id, name from organisations order by created_at, id`.execute(db);
    const taken = new Set<string>();
    for (const row of rows) {
      const slug = uniqueSlug(row.name, taken);
      taken.add(slug);
      await sql`update organisations set slug = ${slug} where id = ${row.id}`.execute(db);
    }
    await db.schema.createIndex('organisations_slug').on('organisations').column('slug').unique().execute();
    await db.schema.createIndex('organisations_newsroom_host').on('organisations').column('newsroom_host').unique().execute();
  },
};
