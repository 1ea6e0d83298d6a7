/**
 * One-click unsubscribe (RFC 8058). A genuine token suppresses the delivery's address
 * for every later distribution; repeating it changes nothing; a forged or tampered
 * token changes nothing either.
 */
import { suppress, suppressionOf } from '../contacts/suppressions.js';
import type { Db } from '../db/client.js';
import type { TokenSigner } from './tokens.js';

export interface UnsubscribeTarget {
  deliveryId: string;
  emailKey: string;
  address: string;
  language: string;
  alreadyUnsubscribed: boolean;
}

export async function findUnsubscribeTarget(deps: { db: Db; tokens: TokenSigner }, token: string): Promise<UnsubscribeTarget | undefined> {
  const deliveryId = deps.tokens.verify('unsubscribe', token);
  if (!deliveryId) return undefined;
  const delivery = await deps.db.kysely.selectFrom('deliveries').select(['id', 'address', 'language', 'target_key']).where('id', '=', deliveryId).executeTakeFirst();
  if (!delivery) return undefined;
  const reason = await suppressionOf(deps.db, delivery.target_key);
  return { deliveryId: delivery.id, emailKey: delivery.target_key, address: delivery.address, language: delivery.language, alreadyUnsubscribed: reason === 'unsubscribed' };
}

export async function unsubscribe(deps: { db: Db; tokens: TokenSigner; clock: { now(): number } }, token: string): Promise<UnsubscribeTarget | undefined> {
  const target = await findUnsubscribeTarget(deps, token);
  if (!target) return undefined;
  await suppress(deps.db, [{ emailKey: target.emailKey, reason: 'unsubscribed', detail: 'one-click unsubscribe', deliveryId: target.deliveryId, at: deps.clock.now() }]);
  return { ...target, alreadyUnsubscribed: true };
}
