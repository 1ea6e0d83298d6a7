/**
 * Raising an event for an organisation's webhook endpoints: one stored message per endpoint
 * that subscribes to the event, and one job per message. The message is stored before its job
 * is queued, so the delivery log shows it even when Redis is away (the reconciler queues it
 * later); the job carries only its id.
 */
import type { Db } from '../db/client.js';
import type { WebhookEventType } from '../db/schema.js';
import { newId } from '../ids.js';
import type { Logger } from '../logger.js';
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

/** One stored message: the Standard Webhooks body (type, timestamp, data), pending. */
function messageRow(orgId: string, endpointId: string, event: WebhookEvent, now: number) {
  const payload = JSON.stringify({ type: event.type, timestamp: new Date(now).toISOString(), data: event.data });
  return { id: newId('msg'), org_id: orgId, endpoint_id: endpointId, event_type: event.type, payload, status: 'pending' as const, last_status_code: null, last_error: null, created_at: now, last_attempt_at: null, delivered_at: null };
}
type MessageRow = ReturnType<typeof messageRow>;

async function storeAndQueue(deps: EmitDeps, messages: MessageRow[]): Promise<number> {
  if (messages.length === 0) return 0;
  for (let i = 0; i < messages.length; i += 500) await deps.db.kysely.insertInto('webhook_messages').values(messages.slice(i, i + 500)).execute();
  await deps.queues.enqueueMany(
    'webhook',
    messages.map((m) => ({ payload: { messageId: m.id } })),
  );
  return messages.length;
}

/** Emit events of one organisation; returns how many messages were queued. */
export async function emitWebhookEvents(deps: EmitDeps, orgId: string, events: WebhookEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const endpoints = await deps.db.kysely.selectFrom('webhook_endpoints').select(['id', 'events']).where('org_id', '=', orgId).where('enabled', '=', 1).execute();
  if (endpoints.length === 0) return 0;
  const now = deps.clock.now();
  const messages = endpoints.flatMap((endpoint) => {
    const wanted = new Set(JSON.parse(endpoint.events) as WebhookEventType[]);
    return events.filter((e) => wanted.has(e.type)).map((e) => messageRow(orgId, endpoint.id, e, now));
  });
  return storeAndQueue(deps, messages);
}

/** One event to one endpoint, whatever it subscribes to (a test event); returns the message id. */
export async function emitToEndpoint(deps: EmitDeps, orgId: string, endpointId: string, event: WebhookEvent): Promise<string> {
  const message = messageRow(orgId, endpointId, event, deps.clock.now());
  await storeAndQueue(deps, [message]);
  return message.id;
}

/**
 * For senders whose own work is already done (mail handed over, a distribution closed): an
 * event that cannot be queued now is logged, not thrown — a message stored without its job is
 * queued by the reconciler.
 */
export async function announce(deps: EmitDeps & { logger: Logger }, orgId: string, events: WebhookEvent[]): Promise<void> {
  try {
    await emitWebhookEvents(deps, orgId, events);
  } catch (err) {
    deps.logger.warn({ err, events: events.length, type: events[0]?.type }, 'could not queue webhook events; the reconciler will');
  }
}
