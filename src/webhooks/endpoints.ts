/**
 * An organisation's webhook endpoints: where events go, which ones, and the secret they are
 * signed with. The secret is made here (Standard Webhooks form, `whsec_` and 32 random bytes
 * in base64), sealed at rest, and answered only by the call that made it — creating the
 * endpoint or rotating its secret — never by a list, a log, an audit row or a job.
 */
import { randomBytes } from 'node:crypto';
import { authorize, type Actor } from '../auth/actor.js';
import { audit } from '../auth/audit.js';
import type { SecretBox } from '../accounts/secret-box.js';
import type { Selectable } from 'kysely';
import type { WebhookEndpointsTable, WebhookEventType } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { resolvedRefusal, urlRefusal, type OutboundPolicy } from '../net/outbound-policy.js';
import { emitToEndpoint, type EmitDeps } from './emit.js';

export const subscribableEvents = [
  'delivery.accepted',
  'delivery.bounced',
  'delivery.complained',
  'delivery.opened',
  'delivery.clicked',
  'delivery.replied',
  'distribution.completed',
  'social.posted',
] as const satisfies readonly WebhookEventType[];
export type SubscribableEvent = (typeof subscribableEvents)[number];

export interface EndpointDeps extends EmitDeps {
  secretBox: SecretBox;
  webhooks: { outbound: OutboundPolicy };
}

export interface EndpointView {
  id: string;
  url: string;
  events: SubscribableEvent[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The one answer that carries the secret: shown once, to whoever created or rotated it. */
export type EndpointWithSecret = EndpointView & { secret: string };

type EndpointRow = Selectable<WebhookEndpointsTable>;

const endpointView = (row: EndpointRow): EndpointView => ({
  id: row.id,
  url: row.url,
  events: JSON.parse(row.events) as SubscribableEvent[],
  enabled: Number(row.enabled) === 1,
  createdAt: new Date(Number(row.created_at)).toISOString(),
  updatedAt: new Date(Number(row.updated_at)).toISOString(),
});

const newSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/** The signing secret of an endpoint, opened for signing; the only place it is opened. */
export const openSecret = (box: SecretBox, row: Pick<EndpointRow, 'id' | 'secret'>): string => box.open(row.secret, row.id) as string;

/** A URL the outbound policy refuses — its scheme, an address, or what its name resolves to now. */
async function checkUrl(value: string, policy: OutboundPolicy): Promise<string> {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  const refused = url ? (urlRefusal(url, policy) ?? (await resolvedRefusal(url.hostname, policy))) : 'is not a URL';
  if (refused) throw new AppError('VALIDATION', 'The webhook URL is refused', { issues: [{ field: 'url', message: refused }] });
  return url!.href;
}

export async function findEndpoint(deps: Pick<EndpointDeps, 'db'>, orgId: string, id: string): Promise<EndpointRow> {
  const row = await deps.db.kysely.selectFrom('webhook_endpoints').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Webhook endpoint', id);
  return row;
}

export async function createEndpoint(deps: EndpointDeps, actor: Actor, input: { url: string; events?: SubscribableEvent[] }): Promise<EndpointWithSecret> {
  authorize(actor, 'admin');
  const url = await checkUrl(input.url, deps.webhooks.outbound);
  const id = newId('whk');
  const secret = newSecret();
  const now = deps.clock.now();
  const events = [...new Set(input.events ?? subscribableEvents)];
  const row: EndpointRow = { id, org_id: actor.orgId, url, secret: deps.secretBox.seal(secret, id), events: JSON.stringify(events), enabled: 1, created_at: now, updated_at: now };
  await deps.db.kysely.insertInto('webhook_endpoints').values(row).execute();
  const view = endpointView(row);
  await audit(deps.db, actor, { action: 'webhook.create', object: { type: 'webhook', id }, state: view, detail: { url, events } }, now);
  return { ...view, secret };
}

export async function listEndpoints(deps: EndpointDeps, actor: Actor): Promise<EndpointView[]> {
  authorize(actor, 'admin');
  const rows = await deps.db.kysely.selectFrom('webhook_endpoints').selectAll().where('org_id', '=', actor.orgId).orderBy('created_at').orderBy('id').execute();
  return rows.map(endpointView);
}

export async function getEndpoint(deps: EndpointDeps, actor: Actor, id: string): Promise<EndpointView> {
  authorize(actor, 'admin');
  return endpointView(await findEndpoint(deps, actor.orgId, id));
}

export async function updateEndpoint(deps: EndpointDeps, actor: Actor, id: string, change: { events?: SubscribableEvent[]; enabled?: boolean }): Promise<EndpointView> {
  authorize(actor, 'admin');
  const before = await findEndpoint(deps, actor.orgId, id);
  const now = deps.clock.now();
  const set = {
    updated_at: now,
    ...(change.events ? { events: JSON.stringify([...new Set(change.events)]) } : {}),
    ...(change.enabled === undefined ? {} : { enabled: change.enabled ? (1 as const) : (0 as const) }),
  };
  await deps.db.kysely.updateTable('webhook_endpoints').set(set).where('id', '=', id).execute();
  const view = endpointView({ ...before, ...set });
  await audit(deps.db, actor, { action: 'webhook.update', object: { type: 'webhook', id }, state: view, detail: { events: change.events, enabled: change.enabled } }, now);
  return view;
}

/** Removes the endpoint and its delivery log; jobs of its pending messages then find nothing to send. */
export async function deleteEndpoint(deps: EndpointDeps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'admin');
  const row = await findEndpoint(deps, actor.orgId, id);
  await deps.db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('webhook_messages').where('endpoint_id', '=', id).execute();
    await trx.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
  });
  await audit(deps.db, actor, { action: 'webhook.delete', object: { type: 'webhook', id }, detail: { url: row.url } }, deps.clock.now());
}

/** A new secret at once: messages not yet delivered are signed with it when they are sent. */
export async function rotateSecret(deps: EndpointDeps, actor: Actor, id: string): Promise<EndpointWithSecret> {
  authorize(actor, 'admin');
  const row = await findEndpoint(deps, actor.orgId, id);
  const secret = newSecret();
  const now = deps.clock.now();
  await deps.db.kysely.updateTable('webhook_endpoints').set({ secret: deps.secretBox.seal(secret, id), updated_at: now }).where('id', '=', id).execute();
  const view = endpointView({ ...row, updated_at: now });
  await audit(deps.db, actor, { action: 'webhook.rotate-secret', object: { type: 'webhook', id }, state: view, detail: { url: row.url } }, now);
  return { ...view, secret };
}

/** Queues a `webhook.test` event to this endpoint; its delivery shows in the log like any other. */
export async function sendTestEvent(deps: EndpointDeps, actor: Actor, id: string): Promise<{ messageId: string }> {
  authorize(actor, 'admin');
  const row = await findEndpoint(deps, actor.orgId, id);
  const messageId = await emitToEndpoint(deps, actor.orgId, id, { type: 'webhook.test', data: { endpointId: id, requestedBy: actor.person.label, at: new Date(deps.clock.now()).toISOString() } });
  await audit(deps.db, actor, { action: 'webhook.test', object: { type: 'webhook', id }, detail: { url: row.url, messageId } }, deps.clock.now());
  return { messageId };
}
