/**
 * Inbound mail kept for review and never acted on: a report to an unknown or tampered token,
 * mail to a bounce address that is no report, or bytes that do not parse. Someone can read
 * it later (a forged token is worth seeing); nothing about any delivery changes.
 */
import type { Db } from '../db/client.js';
import type { InboundMessagesTable } from '../db/schema.js';
import { newId } from '../ids.js';

/** Stored whole up to this size; the rest of a larger message adds nothing to a review. */
const rawLimit = 256 * 1024;

export interface KeptMessage {
  kind: InboundMessagesTable['kind'];
  verdict: Exclude<InboundMessagesTable['verdict'], 'applied'>;
  recipient: string;
  envelopeFrom: string | undefined;
  raw: Buffer;
  /** When the token was genuine: whose delivery the mail named. */
  delivery?: { id: string; orgId: string };
}

export async function keepForReview(deps: { db: Db; clock: { now(): number } }, kept: KeptMessage): Promise<string> {
  const id = newId('inb');
  await deps.db.kysely
    .insertInto('inbound_messages')
    .values({
      id,
      org_id: kept.delivery?.orgId ?? null,
      delivery_id: kept.delivery?.id ?? null,
      kind: kept.kind,
      verdict: kept.verdict,
      envelope_from: kept.envelopeFrom?.slice(0, 320) ?? null,
      recipient: kept.recipient.slice(0, 320),
      raw: kept.raw.subarray(0, rawLimit).toString('utf8'),
      received_at: deps.clock.now(),
    })
    .execute();
  return id;
}
