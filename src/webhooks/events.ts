/**
 * The events Presswire raises beside those of delivery-events.ts, as receivers see them. Each
 * carries ids, statuses, addresses and times — never a message body, a post's text or a secret.
 */
import type { WebhookEvent } from './emit.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** One event per delivery the relay took (its 250), as a window of sends is recorded. */
export function deliveryAccepted(deliveries: { deliveryId: string; distributionId: string; recipient: string; at: number }[]): WebhookEvent[] {
  return deliveries.map((d) => ({ type: 'delivery.accepted', data: { deliveryId: d.deliveryId, distributionId: d.distributionId, recipient: d.recipient, at: iso(d.at) } }));
}

export function distributionCompleted(d: { distributionId: string; releaseId: string; status: string; completedAt: number; counts: Record<string, number> }): WebhookEvent {
  return { type: 'distribution.completed', data: { distributionId: d.distributionId, releaseId: d.releaseId, status: d.status, completedAt: iso(d.completedAt), counts: d.counts } };
}

export function socialPosted(p: { deliveryId: string; distributionId: string; accountId: string; url: string | undefined; postId: string | undefined; at: number }): WebhookEvent {
  return { type: 'social.posted', data: { deliveryId: p.deliveryId, distributionId: p.distributionId, accountId: p.accountId, url: p.url ?? null, postId: p.postId ?? null, at: iso(p.at) } };
}
