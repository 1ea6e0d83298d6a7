/** SQL for distribution rows. */
import type { Db } from '../db/client.js';
import type { DistributionRow, DistributionStatus } from '../db/schema.js';
import { notFound } from '../errors.js';

export async function getDistribution(db: Db, id: string): Promise<DistributionRow> {
  const row = await db.kysely.selectFrom('distributions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Distribution', id);
  return row;
}

export async function findDistributionByKey(db: Db, key: string): Promise<DistributionRow | undefined> {
  return db.kysely.selectFrom('distributions').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

/** Move a distribution between states; `from` guards against racing another worker. */
export async function setDistributionStatus(
  db: Db,
  id: string,
  from: DistributionStatus[],
  to: DistributionStatus,
  now: number,
  extra: { status_reason?: string | null; planned_at?: number; completed_at?: number } = {},
): Promise<boolean> {
  const result = await db.kysely
    .updateTable('distributions')
    .set({ status: to, updated_at: now, ...extra })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
