/**
 * One-click unsubscribe (RFC 8058). A genuine token suppresses the delivery's address
 * for every later distribution; repeating it changes nothing; a forged or tampered
 * token changes nothing either.
 */
import type { Db } from '../db/client.js';
import type { TokenSigner } from './tokens.js';

export interface UnsubscribeTarget {
  deliveryId: string;
  address: string;
  language: string;
  alreadyUnsubscribed: boolean;
}

export async function findUnsubscribeTarget(deps: { db: Db; tokens: TokenSigner }, token: string): Promise<UnsubscribeTarget | undefined> {
  const deliveryId = deps.tokens.verify('unsubscribe', token);
  if (!deliveryId) return undefined;
  const delivery = await deps.db.kysely
    .selectFrom('deliveries')
    .leftJoin('suppressions', 'suppressions.email_key', 'deliveries.target_key')
    .select(['deliveries.id', 'deliveries.address', 'deliveries.language', 'suppressions.reason'])
    .where('deliveries.id', '=', deliveryId)
    .executeTakeFirst();
  if (!delivery) return undefined;
  return { deliveryId: delivery.id, address: delivery.address, language: delivery.language, alreadyUnsubscribed: delivery.reason === 'unsubscribed' };
}

export async function unsubscribe(deps: { db: Db; tokens: TokenSigner; clock: { now(): number } }, token: string): Promise<UnsubscribeTarget | undefined> {
  const target = await findUnsubscribeTarget(deps, token);
  if (!target) return undefined;
  const delivery = await deps.db.kysely.selectFrom('deliveries').select('target_key').where('id', '=', target.deliveryId).executeTakeFirstOrThrow();
  await deps.db.kysely
    .insertInto('suppressions')
    .values({ email_key: delivery.target_key, reason: 'unsubscribed', detail: 'one-click unsubscribe', delivery_id: target.deliveryId, created_at: deps.clock.now() })
    .onConflict((oc) => oc.column('email_key').doUpdateSet({ reason: 'unsubscribed', detail: 'one-click unsubscribe', delivery_id: target.deliveryId }))
    .execute();
  return { ...target, alreadyUnsubscribed: true };
}
