import type { Kysely, Migration } from 'kysely';

/**
 * Several sending relays: each delivery remembers the relay that took it, and each attempt the
 * relay it was made through (null for attempts made before relays had names, and for social posts).
 */
export const deliveryRelay: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('deliveries').addColumn('relay', 'text').execute();
    await db.schema.alterTable('delivery_attempts').addColumn('relay', 'text').execute();
  },
};
