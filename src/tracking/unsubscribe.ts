/**
 * One-click unsubscribe (RFC 8058). A genuine token suppresses the delivery's address
 * for every later distribution; repeating it changes nothing; a forged or tampered
 * token changes nothing either.
 */
import { suppress, suppressionOf } from '../contacts/suppressions.js';
import { audit } from '../auth/audit.js';
import type { Db } from '../db/client.js';
import type { TokenSigner } from '../tokens/tokens.js';

export interface UnsubscribeTarget {
  deliveryId: string;
  orgId: string;
  emailKey: string;
  address: string;
  language: string;
  alreadyUnsubscribed: boolean;
}

export async function findUnsubscribeTarget(deps: { db: Db; tokens: TokenSigner }, token: string): Promise<UnsubscribeTarget | undefined> {
  const deliveryId = deps.tokens.verify('unsubscribe', token);
  if (!deliveryId) return undefined;
  const delivery = await deps.db.kysely
    .selectFrom('deliveries')
    .innerJoin('distributions', 'distributions.id', 'deliveries.distribution_id')
    .select(['deliveries.id', 'deliveries.address', 'deliveries.language', 'deliveries.target_key', 'distributions.org_id'])
    .where('deliveries.id', '=', deliveryId)
    .executeTakeFirst();
  if (!delivery) return undefined;
  const reason = await suppressionOf(deps.db, delivery.org_id, delivery.target_key);
  return { deliveryId: delivery.id, orgId: delivery.org_id, emailKey: delivery.target_key, address: delivery.address, language: delivery.language, alreadyUnsubscribed: reason === 'unsubscribed' };
}

export async function unsubscribe(deps: { db: Db; tokens: TokenSigner; clock: { now(): number } }, token: string, visit: { ip: string | null }): Promise<UnsubscribeTarget | undefined> {
  const target = await findUnsubscribeTarget(deps, token);
  if (!target) return undefined;
  await suppress(deps.db, target.orgId, [{ emailKey: target.emailKey, reason: 'unsubscribed', detail: 'one-click unsubscribe', deliveryId: target.deliveryId, at: deps.clock.now() }]);
  await audit(deps.db, { type: 'recipient', orgId: target.orgId, id: target.deliveryId, label: target.address, ip: visit.ip }, {
    action: 'contact.unsubscribe',
    object: { type: 'address', id: target.emailKey },
    state: { emailKey: target.emailKey, reason: 'unsubscribed' },
    detail: { delivery: target.deliveryId },
  }, deps.clock.now());
  return { ...target, alreadyUnsubscribed: true };
}
