/** Reading distribution rows (the ledger writes them). */
import type { Db } from '../db/client.js';
import type { DistributionRow } from '../db/schema.js';
import { notFound } from '../errors.js';

/** A distribution of this organisation; another organisation's id is as unknown as a made-up one. */
export async function getDistribution(db: Db, orgId: string, id: string): Promise<DistributionRow> {
  const row = await db.kysely.selectFrom('distributions').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
  if (!row) throw notFound('Distribution', id);
  return row;
}

/** For jobs, which name a distribution by id alone: everything they touch then follows its `org_id`. */
export async function loadDistribution(db: Db, id: string): Promise<DistributionRow> {
  const row = await db.kysely.selectFrom('distributions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Distribution', id);
  return row;
}

export async function findDistributionByKey(db: Db, orgId: string, key: string): Promise<DistributionRow | undefined> {
  return db.kysely.selectFrom('distributions').selectAll().where('org_id', '=', orgId).where('idempotency_key', '=', key).executeTakeFirst();
}
