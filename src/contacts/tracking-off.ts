/** Contacts who asked not to be tracked: their copies carry direct links and no open pixel. */
import type { Db } from '../db/client.js';

/** Which of these contacts have tracking off: one query for a whole send window. */
export async function untrackedAmong(db: Db, contactIds: readonly (string | null)[]): Promise<Set<string>> {
  const ids = [...new Set(contactIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Set();
  const rows = await db.kysely.selectFrom('contacts').select('id').where('id', 'in', ids).where('tracking_off', '=', 1).execute();
  return new Set(rows.map((r) => r.id));
}
