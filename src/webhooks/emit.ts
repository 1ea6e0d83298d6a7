/**
 * Raising an event for an organisation's webhook endpoints: one stored message per endpoint
 * that subscribes to the event, and one job per message. The message is stored before its job
 * is queued, so the delivery log shows it even when Redis is away; the job carries only its id.
 */
import type { Db } from '../db/client.js';
import type { WebhookEventType } from '../db/schema.js';
import { newId } from '../ids.js';
import type { Queues } from '../queue/queues.js';

export interface EmitDeps {
  db: Db;
  queues: Queues;
  clock: { now(): number };
}

export interface WebhookEvent {
  type: WebhookEventType;
  /** The event's own fields: ids, statuses, times — never a secret or a message body. */
  data: Record<string, unknown>;
}

/** Emit events of one organisation; returns how many messages were queued. */
export async function emitWebhookEvents(deps: EmitDeps, orgId: string, events: WebhookEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const endpoints = await deps.db.kysely.selectFrom('webhook_endpoints').select(['id', 'events']).where('org_id', '=', orgId).where('enabled', '=', 1).execute();
  if (endpoints.length === 0) return 0;
  const now = deps.clock.now();
  const messages = endpoints.flatMap((endpoint) => {
    const wanted = new Set(JSON.parse(endpoint.events) as WebhookEventType[]);
    return events
      .filter((e) => wanted.has(e.type))
      .map((e) => {
        const id = newId('msg');
        // The Standard Webhooks body: type, timestamp and data.
        const payload = JSON.stringify({ type: e.type, timestamp: new Date(now).toISOString(), data: e.data });
        return { id, org_id: orgId, endpoint_id: endpoint.id, event_type: e.type, payload, status: 'pending' as const, last_status_code: null, last_error: null, created_at: now, last_attempt_at: null, delivered_at: null };
      });
  });
  if (messages.length === 0) return 0;
  for (let i = 0; i < messages.length; i += 500) await deps.db.kysely.insertInto('webhook_messages').values(messages.slice(i, i + 500)).execute();
  await deps.queues.enqueueMany(
    'webhook',
    messages.map((m) => ({ payload: { messageId: m.id } })),
  );
  return messages.length;
}
