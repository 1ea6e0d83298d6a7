/**
 * The webhook delivery log: what was sent to an endpoint, how often, what it answered — and
 * sending a failed message again. The reconciler's part is here too: a pending message whose
 * job Redis lost gets its job back.
 */
import { sql, type Selectable } from 'kysely';
import { authorize, type Actor } from '../auth/actor.js';
import { audit } from '../auth/audit.js';
import type { Db } from '../db/client.js';
import { nowMs } from '../db/dialect.js';
import type { WebhookMessagesTable } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import type { Queues } from '../queue/queues.js';
import { findEndpoint } from './endpoints.js';

export interface MessageView {
  id: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
}

const instant = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

const messageView = (row: Selectable<WebhookMessagesTable>): MessageView => ({
  id: row.id,
  eventType: row.event_type,
  status: row.status,
  attempts: Number(row.attempts),
  lastStatusCode: row.last_status_code === null ? null : Number(row.last_status_code),
  lastError: row.last_error,
  createdAt: instant(row.created_at)!,
  lastAttemptAt: instant(row.last_attempt_at),
  deliveredAt: instant(row.delivered_at),
});

/** The newest messages of one endpoint first, optionally of one status. */
export async function listMessages(deps: { db: Db }, actor: Actor, endpointId: string, query: { limit: number; status?: MessageView['status'] }): Promise<MessageView[]> {
  authorize(actor, 'admin');
  await findEndpoint(deps, actor.orgId, endpointId);
  let select = deps.db.kysely.selectFrom('webhook_messages').selectAll().where('endpoint_id', '=', endpointId);
  if (query.status) select = select.where('status', '=', query.status);
  const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map(messageView);
}

/** A failed message goes out again, with the same id (receivers deduplicate by it) and a fresh set of retries. */
export async function redeliverMessage(deps: { db: Db; queues: Queues; clock: { now(): number } }, actor: Actor, endpointId: string, messageId: string): Promise<MessageView> {
  authorize(actor, 'admin');
  await findEndpoint(deps, actor.orgId, endpointId);
  const row = await deps.db.kysely.selectFrom('webhook_messages').selectAll().where('id', '=', messageId).where('endpoint_id', '=', endpointId).executeTakeFirst();
  if (!row) throw notFound('Webhook message', messageId);
  if (row.status !== 'failed') throw new AppError('INVALID_STATE', `Webhook message ${messageId} is ${row.status}; only a failed message is sent again`);
  await deps.db.kysely.updateTable('webhook_messages').set({ status: 'pending' }).where('id', '=', messageId).where('status', '=', 'failed').execute();
  // The failed job is still in Redis under the same id: `ensure` replaces it.
  await deps.queues.ensure('webhook', { messageId });
  await audit(deps.db, actor, { action: 'webhook.redeliver', object: { type: 'webhook', id: endpointId }, detail: { messageId, eventType: row.event_type } }, deps.clock.now());
  return messageView({ ...row, status: 'pending' });
}

/** Messages looked at per reconciler run, the longest-waiting first. */
const restoreLimit = 1000;

/**
 * Give pending messages whose job is gone (Redis flushed, or emitted while it was away) a job
 * again; a message younger than `settleMs` is left alone — its job is most likely being added.
 */
export async function restorePendingMessages(deps: { db: Db; queues: Queues }, settleMs: number): Promise<number> {
  const pending = await deps.db.kysely
    .selectFrom('webhook_messages')
    .select('id')
    .where('status', '=', 'pending')
    .where('created_at', '<', sql<number>`${nowMs(deps.db)} - ${settleMs}`)
    .orderBy(sql`coalesce(last_attempt_at, created_at)`)
    .limit(restoreLimit)
    .execute();
  let restored = 0;
  for (const { id } of pending) {
    const stillPending = async () => (await deps.db.kysely.selectFrom('webhook_messages').select('status').where('id', '=', id).executeTakeFirst())?.status === 'pending';
    if (await deps.queues.ensure('webhook', { messageId: id }, undefined, stillPending)) restored += 1;
  }
  return restored;
}
