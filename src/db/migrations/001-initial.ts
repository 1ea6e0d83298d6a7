import type { Kysely, Migration } from 'kysely';

/** Portable across SQLite and PostgreSQL: text, integer and bigint columns only. */
export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('releases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('headline', 'text', (c) => c.notNull())
      .addColumn('translation_of', 'text', (c) => c.references('releases.id'))
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('source_format', 'text', (c) => c.notNull())
      .addColumn('embargo_until', 'bigint')
      .addColumn('embargo_zone', 'text')
      .addColumn('embargo_revision', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('content_hash', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('finalized_at', 'bigint')
      .execute();

    await db.schema
      .createTable('contacts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('email_key', 'text', (c) => c.notNull().unique())
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
      .execute();

    await db.schema
      .createTable('lists')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('early_access', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('list_members')
      .addColumn('list_id', 'text', (c) => c.notNull().references('lists.id'))
      .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('list_members_pk', ['list_id', 'contact_id'])
      .execute();
    await db.schema.createIndex('list_members_contact').on('list_members').column('contact_id').execute();

    await db.schema
      .createTable('suppressions')
      .addColumn('email_key', 'text', (c) => c.primaryKey())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .addColumn('delivery_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('distributions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('release_id', 'text', (c) => c.notNull().references('releases.id'))
      .addColumn('idempotency_key', 'text', (c) => c.unique())
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
      .execute();
    await db.schema.createIndex('distributions_status').on('distributions').column('status').execute();
    await db.schema.createIndex('distributions_release').on('distributions').column('release_id').execute();

    await db.schema
      .createTable('renders')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('distribution_id', 'text', (c) => c.notNull().references('distributions.id'))
      .addColumn('variant', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('renders_variant', ['distribution_id', 'variant', 'language'])
      .execute();

    await db.schema
      .createTable('deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('distribution_id', 'text', (c) => c.notNull().references('distributions.id'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('target_key', 'text', (c) => c.notNull())
      .addColumn('contact_id', 'text')
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('recipient_name', 'text')
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('variant', 'text', (c) => c.notNull())
      .addColumn('batch', 'integer', (c) => c.notNull())
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
      .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .addUniqueConstraint('deliveries_target', ['distribution_id', 'channel', 'target_key'])
      .execute();
    await db.schema.createIndex('deliveries_batch').on('deliveries').columns(['distribution_id', 'batch', 'status']).execute();
    await db.schema.createIndex('deliveries_status').on('deliveries').columns(['distribution_id', 'status']).execute();

    await db.schema
      .createTable('delivery_attempts')
      .addColumn('delivery_id', 'text', (c) => c.notNull().references('deliveries.id'))
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('code', 'integer')
      .addColumn('enhanced', 'text')
      .addColumn('reply', 'text')
      .addColumn('worker', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('delivery_attempts_pk', ['delivery_id', 'attempt'])
      .execute();

    await db.schema
      .createTable('social_accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('network', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('credentials', 'text')
      .addColumn('last_error', 'text')
      .addColumn('verified_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('social_accounts_name', ['network', 'name'])
      .execute();

    await db.schema
      .createTable('social_posts')
      .addColumn('delivery_id', 'text', (c) => c.notNull().references('deliveries.id'))
      .addColumn('item', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text')
      .addColumn('url', 'text')
      .addColumn('posted_at', 'bigint')
      .addPrimaryKeyConstraint('social_posts_pk', ['delivery_id', 'item'])
      .execute();

    await db.schema
      .createTable('reference_views')
      .addColumn('delivery_id', 'text', (c) => c.notNull().references('deliveries.id'))
      .addColumn('viewed_at', 'bigint', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('reference_views_delivery').on('reference_views').column('delivery_id').execute();

    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
};
