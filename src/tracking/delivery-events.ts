/**
 * The one writer of delivery events — bounces, delays, complaints, opens, clicks, replies —
 * and of what they cause: the delivery's status (through the ledger), the address's
 * suppression (through contacts/suppressions), the admins' notice and the organisation's
 * webhooks. Every source (the inbound SMTP endpoint, provider webhooks, the pixel and the
 * redirects) hands its event here, already tied to a delivery.
 *
 * An event is applied once however often it arrives: it is keyed by its source's identity
 * (`source`, `eventKey`). Its consequences are idempotent and come before the event is
 * stored, so a crash between the two is mended by the provider's next retry.
 */
import { sql } from 'kysely';
import type { Db } from '../db/client.js';
import type { BounceKind, DeliveryEventType, EventSource, WebhookEventType } from '../db/schema.js';
import { suppress } from '../contacts/suppressions.js';
import { newId } from '../ids.js';
import { recordAfterAcceptance } from '../ledger/deliveries.js';
import { emitWebhookEvents, type EmitDeps } from '../webhooks/emit.js';
import { softBouncesSuppress } from './bounce-rules.js';

/** Raw evidence is kept whole up to this size; a larger report keeps its first part. */
const evidenceLimit = 256 * 1024;

export interface DeliveryEvent {
  deliveryId: string;
  type: DeliveryEventType;
  source: EventSource;
  /** The event's identity at its source (a provider's event id; a hash of a DSN; a request id). */
  eventKey: string;
  bounceKind?: BounceKind;
  /** An enhanced status code (5.1.1), or a provider's own bounce type. */
  statusCode?: string;
  /** The reason in words: a diagnostic, a feedback type, a reply's subject. */
  detail?: string;
  /** The raw DSN, report, reply or webhook body. */
  evidence?: string;
  url?: string;
  /** Set for an open or click made by a machine: why we think so. */
  machineReason?: string;
  ip?: string;
  userAgent?: string;
  occurredAt: number;
}

export interface ComplaintNotice {
  orgId: string;
  address: string;
  deliveryId: string;
  distributionId: string;
  detail: string | undefined;
}

export interface EventDeps extends EmitDeps {
  /** Tells the organisation's admins of a complaint (by mail); absent where no mailer runs. */
  noticeComplaint?: (notice: ComplaintNotice) => Promise<void>;
}

export type EventResult = { applied: true; eventId: string } | { applied: false; reason: 'replay' | 'unknown_delivery' };

const webhookType: Partial<Record<DeliveryEventType, WebhookEventType>> = {
  bounce: 'delivery.bounced',
  complaint: 'delivery.complained',
  open: 'delivery.opened',
  click: 'delivery.clicked',
  reply: 'delivery.replied',
};

async function deliveryOf(db: Db, id: string) {
  return db.kysely
    .selectFrom('deliveries as d')
    .innerJoin('distributions as s', 's.id', 'd.distribution_id')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .select(['d.id', 'd.distribution_id', 'd.target_key', 'd.address', 'd.kind', 's.org_id', 'o.soft_bounce_limit', 'o.soft_bounce_window_days'])
    .where('d.id', '=', id)
    .executeTakeFirst();
}
type Target = NonNullable<Awaited<ReturnType<typeof deliveryOf>>>;

export async function recordDeliveryEvent(deps: EventDeps, event: DeliveryEvent): Promise<EventResult> {
  const seen = await deps.db.kysely.selectFrom('delivery_events').select('id').where('source', '=', event.source).where('event_key', '=', event.eventKey).executeTakeFirst();
  if (seen) return { applied: false, reason: 'replay' };
  const target = await deliveryOf(deps.db, event.deliveryId);
  if (!target) return { applied: false, reason: 'unknown_delivery' };

  await applyConsequences(deps, target, event);
  const id = newId('evt');
  const now = deps.clock.now();
  const inserted = await deps.db.kysely
    .insertInto('delivery_events')
    .values({
      id,
      org_id: target.org_id,
      delivery_id: target.id,
      distribution_id: target.distribution_id,
      type: event.type,
      bounce_kind: event.type === 'bounce' ? (event.bounceKind ?? 'soft') : null,
      machine: event.machineReason ? 1 : 0,
      machine_reason: event.machineReason ?? null,
      url: event.url ?? null,
      source: event.source,
      event_key: event.eventKey,
      status_code: event.statusCode ?? null,
      detail: event.detail?.slice(0, 2000) ?? null,
      evidence: event.evidence === undefined ? null : event.evidence.slice(0, evidenceLimit),
      ip: event.ip ?? null,
      user_agent: event.userAgent?.slice(0, 500) ?? null,
      occurred_at: event.occurredAt,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['source', 'event_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return { applied: false, reason: 'replay' };

  if (event.type === 'complaint') {
    await deps.noticeComplaint?.({ orgId: target.org_id, address: target.address, deliveryId: target.id, distributionId: target.distribution_id, detail: event.detail });
  }
  const type = webhookType[event.type];
  if (type) {
    const data = { deliveryId: target.id, distributionId: target.distribution_id, recipient: target.address, at: new Date(event.occurredAt).toISOString(), ...webhookDetail(event) };
    await emitWebhookEvents(deps, target.org_id, [{ type, data }]);
  }
  return { applied: true, eventId: id };
}

function webhookDetail(event: DeliveryEvent): Record<string, unknown> {
  switch (event.type) {
    case 'bounce':
      return { bounceKind: event.bounceKind ?? 'soft', status: event.statusCode ?? null, reason: event.detail ?? null };
    case 'complaint':
      return { feedbackType: event.detail ?? null };
    case 'open':
      return { machine: Boolean(event.machineReason) };
    case 'click':
      return { url: event.url ?? null, machine: Boolean(event.machineReason) };
    default:
      return {};
  }
}

/** The delivery's status and the address's suppression, by the organisation's rules (bounce-rules.ts). */
async function applyConsequences(deps: EventDeps, target: Target, event: DeliveryEvent): Promise<void> {
  if (target.kind === 'social') return;
  const at = event.occurredAt;
  const reasonText = [event.statusCode, event.detail].filter(Boolean).join(' ') || undefined;
  if (event.type === 'bounce') {
    const kind = event.bounceKind ?? 'soft';
    await recordAfterAcceptance(deps.db, target.id, 'bounced', { reason: `${kind} bounce${reasonText ? `: ${reasonText}` : ''}`.slice(0, 1000), enhanced: event.statusCode, at });
    const rule = { limit: target.soft_bounce_limit, windowDays: target.soft_bounce_window_days };
    if (kind === 'hard' || softBouncesSuppress((await softBounceCount(deps.db, target, at)) + 1, rule)) {
      const detail = kind === 'hard' ? `hard bounce${reasonText ? `: ${reasonText}` : ''}` : `${rule.limit} soft bounces within ${rule.windowDays} days${reasonText ? `; last: ${reasonText}` : ''}`;
      await suppress(deps.db, target.org_id, [{ emailKey: target.target_key, reason: 'bounced', detail: detail.slice(0, 1000), deliveryId: target.id, at }]);
    }
  } else if (event.type === 'complaint') {
    await recordAfterAcceptance(deps.db, target.id, 'complained', { reason: `marked as spam${event.detail ? ` (${event.detail})` : ''}`, at });
    await suppress(deps.db, target.org_id, [{ emailKey: target.target_key, reason: 'complained', detail: event.detail?.slice(0, 1000) ?? 'marked as spam', deliveryId: target.id, at }]);
  }
}

/** Soft bounces already stored for this address in this organisation within the window, one per message. */
async function softBounceCount(db: Db, target: Target, at: number): Promise<number> {
  const since = at - target.soft_bounce_window_days * 86_400_000;
  const row = await db.kysely
    .selectFrom('delivery_events as e')
    .innerJoin('deliveries as d', 'd.id', 'e.delivery_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('e.org_id', '=', target.org_id)
    .where('d.target_key', '=', target.target_key)
    .where('e.type', '=', 'bounce')
    .where('e.bounce_kind', '=', 'soft')
    .where('e.occurred_at', '>=', since)
    .where(sql<boolean>`e.delivery_id <> ${target.id}`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
