import type { Kysely, Migration } from 'kysely';

/**
 * What happens after a relay's 250: bounces, complaints, opens, clicks and replies stored on
 * their delivery with the raw evidence; inbound mail that matched no delivery, kept for review;
 * organisations' outbound webhooks and their delivery log; the settings that govern them.
 * New tables and nullable or defaulted columns add the same way on SQLite and PostgreSQL.
 */
export const afterAcceptance: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('delivery_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('delivery_id', 'text', (c) => c.notNull().references('deliveries.id'))
      .addColumn('distribution_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('bounce_kind', 'text')
      .addColumn('machine', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('machine_reason', 'text')
      .addColumn('url', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('event_key', 'text', (c) => c.notNull())
      .addColumn('status_code', 'text')
      .addColumn('detail', 'text')
      .addColumn('evidence', 'text')
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('occurred_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('delivery_events_key', ['source', 'event_key'])
      .execute();
    await db.schema.createIndex('delivery_events_delivery').on('delivery_events').columns(['delivery_id', 'type']).execute();
    await db.schema.createIndex('delivery_events_distribution').on('delivery_events').columns(['distribution_id', 'type']).execute();
    await db.schema.createIndex('deliveries_message_id').on('deliveries').column('message_id').execute();

    await db.schema
      .createTable('inbound_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text')
      .addColumn('delivery_id', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('envelope_from', 'text')
      .addColumn('recipient', 'text', (c) => c.notNull())
      .addColumn('raw', 'text', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('inbound_messages_received').on('inbound_messages').column('received_at').execute();

    await db.schema
      .createTable('webhook_endpoints')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('webhook_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('endpoint_id', 'text', (c) => c.notNull().references('webhook_endpoints.id'))
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_status_code', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_attempt_at', 'bigint')
      .addColumn('delivered_at', 'bigint')
      .execute();
    await db.schema.createIndex('webhook_messages_endpoint').on('webhook_messages').columns(['endpoint_id', 'created_at']).execute();

    await db.schema.alterTable('organisations').addColumn('tracking', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.alterTable('organisations').addColumn('soft_bounce_limit', 'integer', (c) => c.notNull().defaultTo(3)).execute();
    await db.schema.alterTable('organisations').addColumn('soft_bounce_window_days', 'integer', (c) => c.notNull().defaultTo(30)).execute();
    await db.schema.alterTable('contacts').addColumn('tracking_off', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  },
};
