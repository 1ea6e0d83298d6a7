/**
 * Suppressions: addresses Presswire never mails again (unsubscribed, bounced, complained,
 * set by hand). The only writer of the suppressions table. Keyed by address, not contact,
 * so a suppression survives deleting and re-importing the contact.
 */
import type { Db } from '../db/client.js';
import type { SuppressionsTable } from '../db/schema.js';

export interface Suppression {
  emailKey: string;
  reason: SuppressionsTable['reason'];
  detail: string | null;
  deliveryId: string | null;
  at: number;
}

/**
 * Suppress addresses. A bounce never replaces an existing suppression (the first reason is
 * the one that matters); an unsubscribe does, since it is the journalist's own word.
 */
export async function suppress(db: Db, orgId: string, entries: Suppression[]): Promise<void> {
  for (const reason of new Set(entries.map((e) => e.reason))) {
    const rows = entries.filter((e) => e.reason === reason).map((e) => ({ org_id: orgId, email_key: e.emailKey, reason, detail: e.detail, delivery_id: e.deliveryId, created_at: e.at }));
    await db.kysely
      .insertInto('suppressions')
      .values(rows)
      .onConflict((oc) =>
        reason === 'unsubscribed'
          ? oc.columns(['org_id', 'email_key']).doUpdateSet((eb) => ({ reason: eb.ref('excluded.reason'), detail: eb.ref('excluded.detail'), delivery_id: eb.ref('excluded.delivery_id') }))
          : oc.columns(['org_id', 'email_key']).doNothing(),
      )
      .execute();
  }
}

/** Which of these addresses are suppressed. */
export async function suppressedAmong(db: Db, orgId: string, emailKeys: string[]): Promise<Set<string>> {
  if (emailKeys.length === 0) return new Set();
  const rows = await db.kysely.selectFrom('suppressions').select('email_key').where('org_id', '=', orgId).where('email_key', 'in', emailKeys).execute();
  return new Set(rows.map((r) => r.email_key));
}

export async function suppressionOf(db: Db, orgId: string, emailKey: string): Promise<SuppressionsTable['reason'] | undefined> {
  const row = await db.kysely.selectFrom('suppressions').select('reason').where('org_id', '=', orgId).where('email_key', '=', emailKey).executeTakeFirst();
  return row?.reason;
}

/** A page of suppressions by address, each with the send its delivery belonged to (if any). */
export async function listSuppressions(db: Db, orgId: string, page: { after?: string; limit: number }) {
  let query = db.kysely
    .selectFrom('suppressions')
    .leftJoin('deliveries', 'deliveries.id', 'suppressions.delivery_id')
    .selectAll('suppressions')
    .select('deliveries.distribution_id')
    .where('suppressions.org_id', '=', orgId)
    .orderBy('suppressions.email_key')
    .limit(page.limit);
  if (page.after) query = query.where('suppressions.email_key', '>', page.after);
  return query.execute();
}

/** Mail this address again; returns what the suppression was, or undefined if there was none. */
export async function liftSuppression(db: Db, orgId: string, emailKey: string): Promise<SuppressionsTable['reason'] | undefined> {
  const row = await db.kysely.deleteFrom('suppressions').where('org_id', '=', orgId).where('email_key', '=', emailKey).returning('reason').executeTakeFirst();
  return row?.reason;
}
