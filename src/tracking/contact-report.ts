/**
 * Everything sent to one contact, across distributions, and what happened to each: the
 * relay's answer, then every bounce, complaint, open, click and reply, oldest first.
 */
import { authorize, type Actor } from '../auth/actor.js';
import { readContact, type ContactsDeps } from '../contacts/contacts.service.js';
import type { Db } from '../db/client.js';
import type { BounceKind, DeliveryEventType, DeliveryKind, DeliveryStatus } from '../db/schema.js';

export interface ContactEvent {
  type: DeliveryEventType;
  /** Opens and clicks by a machine (a privacy proxy, a link scanner), kept apart from a person's. */
  machine: boolean;
  bounceKind: BounceKind | null;
  statusCode: string | null;
  detail: string | null;
  url: string | null;
  at: string;
}

export interface ContactDelivery {
  id: string;
  distributionId: string;
  releaseId: string;
  headline: string;
  kind: DeliveryKind;
  address: string;
  status: DeliveryStatus;
  reason: string | null;
  /** When it was queued. */
  createdAt: string;
  finishedAt: string | null;
  events: ContactEvent[];
}

export interface ContactReport {
  contact: { id: string; email: string; name: string | null; outlet: string | null };
  deliveries: ContactDelivery[];
}

/** The newest deliveries listed; a contact with more has been mailed for years. */
const listed = 500;
const iso = (ms: number | string | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export async function readContactReport(deps: ContactsDeps, actor: Actor, id: string): Promise<ContactReport> {
  authorize(actor, 'read');
  const contact = await readContact(deps, actor, id);
  const rows = await deps.db.kysely
    .selectFrom('deliveries as d')
    .innerJoin('distributions as s', 's.id', 'd.distribution_id')
    .innerJoin('releases as r', 'r.id', 's.release_id')
    .select(['d.id', 'd.distribution_id', 's.release_id', 'r.headline', 'd.kind', 'd.address', 'd.status', 'd.reason', 'd.created_at', 'd.finished_at'])
    .where('s.org_id', '=', actor.orgId)
    .where('d.contact_id', '=', contact.id)
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(listed)
    .execute();
  const events = await eventsOf(deps.db, rows.map((r) => r.id));
  return {
    contact: { id: contact.id, email: contact.email, name: contact.name, outlet: contact.outlet },
    deliveries: rows.map((r) => ({
      id: r.id,
      distributionId: r.distribution_id,
      releaseId: r.release_id,
      headline: r.headline,
      kind: r.kind,
      address: r.address,
      status: r.status,
      reason: r.reason,
      createdAt: iso(r.created_at)!,
      finishedAt: iso(r.finished_at),
      events: events.get(r.id) ?? [],
    })),
  };
}

async function eventsOf(db: Db, deliveryIds: string[]): Promise<Map<string, ContactEvent[]>> {
  const byDelivery = new Map<string, ContactEvent[]>();
  if (deliveryIds.length === 0) return byDelivery;
  const rows = await db.kysely
    .selectFrom('delivery_events')
    .select(['delivery_id', 'type', 'machine', 'bounce_kind', 'status_code', 'detail', 'url', 'occurred_at'])
    .where('delivery_id', 'in', deliveryIds)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const event: ContactEvent = { type: r.type, machine: Number(r.machine) === 1, bounceKind: r.bounce_kind, statusCode: r.status_code, detail: r.detail, url: r.url, at: iso(r.occurred_at)! };
    byDelivery.set(r.delivery_id, [...(byDelivery.get(r.delivery_id) ?? []), event]);
  }
  return byDelivery;
}
