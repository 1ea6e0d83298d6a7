/**
 * API tokens are stored as SHA-256 hashes; the token itself only ever lives with its holder.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/client.js';
import { newId } from '../ids.js';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Make sure the admin token from the data directory is known to the database. */
export async function registerAdminToken(db: Db, token: string): Promise<void> {
  await db.kysely
    .insertInto('api_tokens')
    .values({ id: newId('tok'), name: 'admin (data directory)', token_hash: hash(token), role: 'admin', created_at: Date.now() })
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .execute();
}

export async function isValidToken(db: Db, token: string): Promise<boolean> {
  const digest = hash(token);
  const row = await db.kysely.selectFrom('api_tokens').select('token_hash').where('token_hash', '=', digest).executeTakeFirst();
  return !!row && timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(digest));
}
