/**
 * Sessions of people signed in on the pages: a random id in the cookie and only its SHA-256
 * in the database; looked up on every request, so a member removed from an organisation is
 * refused on their very next one. Every sign-in starts a new session and ends the one the
 * browser had: an id known before signing in (planted, or left on a shared computer) never
 * becomes a signed-in one.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/client.js';
import type { Database } from '../db/schema.js';
import type { Actor } from './actor.js';
import { digestOf, newSecret } from './secret-digest.js';

export interface Client {
  ip: string | null;
  userAgent: string | undefined;
}

/** How often a session's last use is written: once a minute answers "is it still used?". */
const lastSeenResolutionMs = 60_000;

export async function startSession(
  db: Kysely<Database>,
  who: { userId: string; orgId: string },
  client: Client & { replacing: string | undefined },
  ttlMs: number,
  now: number,
): Promise<{ id: string; expiresAt: number }> {
  const id = newSecret();
  const expiresAt = now + ttlMs;
  const ended = client.replacing ? [digestOf(client.replacing)] : [];
  // Expired rows go here too: a sign-in is rare enough to pay for the clean-up.
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), ...(ended.length ? [eb('id_hash', 'in', ended)] : [])]))
    .execute();
  await db
    .insertInto('sessions')
    .values({ id_hash: digestOf(id), user_id: who.userId, org_id: who.orgId, created_at: now, last_seen_at: now, expires_at: expiresAt, ip: client.ip, user_agent: client.userAgent?.slice(0, 300) ?? null })
    .execute();
  return { id, expiresAt };
}

/** The actor a session cookie stands for, or undefined when it is unknown, expired, or its user left the organisation. */
export async function authenticateSession(db: Db, id: string, ip: string | null, now = Date.now()): Promise<Actor | undefined> {
  const row = await db.kysely
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('memberships', (join) => join.onRef('memberships.user_id', '=', 'sessions.user_id').onRef('memberships.org_id', '=', 'sessions.org_id'))
    .select(['sessions.id_hash', 'sessions.org_id', 'sessions.last_seen_at', 'users.id as user_id', 'users.email', 'users.install_admin', 'memberships.role'])
    .where('sessions.id_hash', '=', digestOf(id))
    .where('sessions.expires_at', '>', now)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.last_seen_at < now - lastSeenResolutionMs) {
    await db.kysely.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', row.id_hash).execute();
  }
  return {
    orgId: row.org_id,
    role: row.role,
    via: 'session',
    person: { type: 'user', id: row.user_id, label: row.email },
    tokenId: null,
    installAdmin: row.install_admin === 1,
    approvedSends: false,
    ip,
  };
}

/** End one session (sign-out); returns whose it was, if it existed. */
export async function endSession(db: Db, id: string): Promise<{ userId: string; orgId: string } | undefined> {
  const row = await db.kysely.deleteFrom('sessions').where('id_hash', '=', digestOf(id)).returning(['user_id', 'org_id']).executeTakeFirst();
  return row ? { userId: row.user_id, orgId: row.org_id } : undefined;
}

/** End every session a user has in one organisation (removed from it); returns how many. */
export async function endSessionsOf(db: Kysely<Database>, userId: string, orgId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).where('org_id', '=', orgId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Move one of a user's sessions to another organisation (the caller checked the membership). */
export async function moveSession(db: Kysely<Database>, id: string, userId: string, orgId: string): Promise<void> {
  await db.updateTable('sessions').set({ org_id: orgId }).where('id_hash', '=', digestOf(id)).where('user_id', '=', userId).execute();
}
