/**
 * Which delivery a provider's event is about. A provider names our message by the
 * Message-ID we gave it (deterministic per delivery, indexed) and names the recipient;
 * both must match, so an event can only touch the copy sent to the address it names.
 * SES also reports the envelope sender, our VERP address, whose signed token names the
 * delivery directly.
 */
import { sql } from 'kysely';
import type { Db } from '../db/client.js';
import type { TokenSigner } from '../tokens/tokens.js';

export interface DeliveryReference {
  recipient: string;
  messageId?: string;
  envelopeSender?: string;
}

/** `<id@host>` whichever way the provider spells it: with or without brackets, padded. */
export function messageIdKey(value: string): string {
  const bare = value.trim().replace(/^<|>$/g, '');
  return `<${bare}>`;
}

/** The delivery id in a VERP address `bounces+<token>@domain`, when its token is genuine. */
export function verpDelivery(tokens: TokenSigner, envelopeSender: string): string | undefined {
  const local = /^bounces\+([^@]+)@/i.exec(envelopeSender.trim().replace(/^<|>$/g, ''));
  return local ? tokens.verify('bounce', local[1]!) : undefined;
}

/** The delivery the event is about, or undefined when none of ours matches. */
export async function findDelivery(deps: { db: Db; tokens: TokenSigner }, ref: DeliveryReference): Promise<string | undefined> {
  const recipient = ref.recipient.trim().toLowerCase();
  const byVerp = ref.envelopeSender ? verpDelivery(deps.tokens, ref.envelopeSender) : undefined;
  if (!byVerp && !ref.messageId) return undefined;
  let query = deps.db.kysely.selectFrom('deliveries').select('id').where('kind', '<>', 'social').where(sql<boolean>`lower(address) = ${recipient}`);
  query = byVerp ? query.where('id', '=', byVerp) : query.where('message_id', '=', messageIdKey(ref.messageId!));
  const row = await query.orderBy('created_at', 'desc').executeTakeFirst();
  return row?.id;
}
