/** Reading distribution rows (the ledger writes them). */
import type { Db } from '../db/client.js';
import type { DistributionRow } from '../db/schema.js';
import { notFound } from '../errors.js';

export async function getDistribution(db: Db, id: string): Promise<DistributionRow> {
  const row = await db.kysely.selectFrom('distributions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Distribution', id);
  return row;
}

export async function findDistributionByKey(db: Db, key: string): Promise<DistributionRow | undefined> {
  return db.kysely.selectFrom('distributions').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}
