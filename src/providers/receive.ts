/**
 * A provider's webhook call from authenticity to the ledger: the provider proves the
 * request is its own, reads its events, and each event tied to one of our deliveries is
 * applied through recordDeliveryEvent — once, however often the provider retries.
 */
import { audit } from '../auth/audit.js';
import type { Db } from '../db/client.js';
import { recordDeliveryEvent, type EventDeps } from '../tracking/delivery-events.js';
import type { TokenSigner } from '../tokens/tokens.js';
import { findDelivery } from './find-delivery.js';
import type { Feedback, Provider, ProviderRequest } from './provider.js';

export interface ReceiveDeps extends EventDeps {
  db: Db;
  tokens: TokenSigner;
}

/** What an authentic call did: its events, how many were applied, already applied, about no delivery of ours. */
export interface Summary {
  events: number;
  applied: number;
  replays: number;
  unknownDeliveries: number;
  note?: string;
}

export type Receipt = { authentic: false; status: 401 | 403; reason: string } | { authentic: true; summary: Summary };

export async function receiveWebhook(deps: ReceiveDeps, provider: Provider, request: ProviderRequest): Promise<Receipt> {
  const authenticity = await provider.authenticate(request);
  if (!authenticity.ok) return { authentic: false, status: authenticity.status, reason: authenticity.reason };
  const handshake = await provider.handshake?.(request.rawBody);
  if (handshake) return { authentic: true, summary: { events: 0, applied: 0, replays: 0, unknownDeliveries: 0, note: handshake } };

  const receipt: Summary = { events: 0, applied: 0, replays: 0, unknownDeliveries: 0 };
  const evidence = request.rawBody.toString('utf8');
  for (const event of provider.events(request.rawBody)) {
    receipt.events++;
    const outcome = await apply(deps, provider, event, evidence, request.ip ?? null);
    if (outcome === 'applied') receipt.applied++;
    else if (outcome === 'replay') receipt.replays++;
    else receipt.unknownDeliveries++;
  }
  if (receipt.events === 0) receipt.note = 'no bounce, delay or complaint in this call (deliveries, opens and the like are not stored)';
  else if (receipt.unknownDeliveries > 0) receipt.note = `${receipt.unknownDeliveries} of ${receipt.events} events name no delivery of ours; they were ignored`;
  return { authentic: true, summary: receipt };
}

/** The signed body is the evidence, kept whole: it shows what the provider said and can be checked again. */
async function apply(deps: ReceiveDeps, provider: Provider, event: Feedback, evidence: string, ip: string | null): Promise<'applied' | 'replay' | 'unknown'> {
  const deliveryId = await findDelivery(deps, event);
  if (!deliveryId) return 'unknown';
  const result = await recordDeliveryEvent(deps, {
    deliveryId,
    type: event.type,
    source: provider.id,
    eventKey: event.eventKey,
    bounceKind: event.type === 'bounce' ? event.bounceKind : undefined,
    statusCode: event.statusCode,
    detail: event.detail,
    evidence,
    occurredAt: event.occurredAt,
  });
  if (!result.applied) return result.reason === 'replay' ? 'replay' : 'unknown';
  if (event.type !== 'delay') await auditFeedback(deps, provider, event, result.eventId, ip);
  return 'applied';
}

/** A bounce or complaint can stop mail to an address: who said so is on the record. */
async function auditFeedback(deps: ReceiveDeps, provider: Provider, event: Feedback, eventId: string, ip: string | null): Promise<void> {
  const stored = await deps.db.kysely.selectFrom('delivery_events').select(['org_id', 'delivery_id', 'bounce_kind']).where('id', '=', eventId).executeTakeFirstOrThrow();
  await audit(deps.db, { type: 'system', orgId: stored.org_id, label: `${provider.id} webhook`, ip }, {
    action: `delivery.${event.type}`,
    object: { type: 'delivery', id: stored.delivery_id },
    detail: { event: eventId, source: provider.id, ...(stored.bounce_kind ? { bounceKind: stored.bounce_kind } : {}) },
  }, deps.clock.now());
}
