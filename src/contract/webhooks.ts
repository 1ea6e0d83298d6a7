/**
 * Outbound webhooks: an organisation's endpoints and their delivery log. The signing secret
 * is answered once, by the call that creates the endpoint or rotates its secret.
 */
import { z } from 'zod';
import { subscribableEvents } from '../webhooks/endpoints.js';
import { Instant, NoContent } from './common.js';
import { area } from './operation.js';

const EventType = z.enum(subscribableEvents);
const Events = z.array(EventType).min(1).max(subscribableEvents.length).describe('Which events to send; all of them when left out');

const CreateBody = z.object({
  url: z.string().trim().min(1).max(2000).describe('Where to POST events: https:// on a public address'),
  events: Events.optional(),
});
const UpdateBody = z
  .object({ events: Events.optional(), enabled: z.boolean().optional() })
  .refine((b) => b.events !== undefined || b.enabled !== undefined, { message: 'give events or enabled', path: ['events'] });

const EndpointParams = z.object({ id: z.string().startsWith('whk_').max(64) });
const MessageParams = EndpointParams.extend({ messageId: z.string().startsWith('msg_').max(64) });
const MessagesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
});

const EndpointView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(EventType),
  enabled: z.boolean(),
  createdAt: Instant,
  updatedAt: Instant,
});
const EndpointWithSecret = EndpointView.extend({ secret: z.string().describe('The Standard Webhooks signing secret (whsec_…): shown this once') });

const MessageView = z.object({
  id: z.string().describe('The webhook-id header: the same on every retry'),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: Instant,
  lastAttemptAt: Instant.nullable(),
  deliveredAt: Instant.nullable(),
});

export const webhooks = area('webhooks', {
  create: { method: 'POST', url: '/webhooks', summary: 'Add a webhook endpoint; the answer carries its signing secret, once', body: CreateBody, response: { 201: EndpointWithSecret } },
  list: { method: 'GET', url: '/webhooks', summary: 'The webhook endpoints (without secrets)', response: { 200: z.object({ webhooks: z.array(EndpointView) }) } },
  get: { method: 'GET', url: '/webhooks/:id', summary: 'One webhook endpoint', params: EndpointParams, response: { 200: EndpointView } },
  update: { method: 'PATCH', url: '/webhooks/:id', summary: 'Change the events an endpoint gets, or turn it off and on', params: EndpointParams, body: UpdateBody, response: { 200: EndpointView } },
  remove: { method: 'DELETE', url: '/webhooks/:id', summary: 'Remove an endpoint and its delivery log', params: EndpointParams, response: { 204: NoContent } },
  rotateSecret: { method: 'POST', url: '/webhooks/:id/rotate-secret', summary: 'Replace the signing secret; the answer carries the new one, once', params: EndpointParams, response: { 200: EndpointWithSecret } },
  test: { method: 'POST', url: '/webhooks/:id/test', summary: 'Send a webhook.test event to this endpoint', params: EndpointParams, response: { 202: z.object({ messageId: z.string() }) } },
  messages: { method: 'GET', url: '/webhooks/:id/messages', summary: 'The delivery log of an endpoint, newest first', params: EndpointParams, querystring: MessagesQuery, response: { 200: z.object({ messages: z.array(MessageView) }) } },
  redeliver: { method: 'POST', url: '/webhooks/:id/messages/:messageId/redeliver', summary: 'Send a failed message again', params: MessageParams, response: { 202: MessageView } },
});
