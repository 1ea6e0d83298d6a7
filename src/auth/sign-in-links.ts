/**
 * One-time sign-in links: a random token in the URL and only its SHA-256 in the database,
 * a short expiry, and a use that is recorded atomically, so two clicks never make two
 * sessions. Opening a link (GET) only shows a button; signing in is the POST behind it, since
 * mail scanners and link previews fetch every URL in a message.
 */
import type { Kysely } from 'kysely';
import type { Database, SignInLinksTable } from '../db/schema.js';
import { digestOf, newSecret } from './secret-digest.js';

export type LinkPurpose = SignInLinksTable['purpose'];

/** Links an administrator hands over (`users add`, the first-run link) wait a day; emailed ones, SIGN_IN_LINK_TTL_MS. */
export const handedOverLinkTtlMs = 24 * 3600_000;

export const signInLinkUrl = (publicUrl: string, token: string): string => `${publicUrl}/sign-in/link/${token}`;
export const setupUrl = (publicUrl: string, token: string): string => `${publicUrl}/setup/${token}`;

/** Link tokens are base64url of 32 bytes; anything else is not looked up. */
export const isLinkToken = (value: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(value);

export async function issueLink(db: Kysely<Database>, link: { userId: string; orgId: string; purpose: LinkPurpose }, ttlMs: number, now: number): Promise<{ token: string; expiresAt: number }> {
  const token = newSecret();
  const expiresAt = now + ttlMs;
  await db.deleteFrom('sign_in_links').where('expires_at', '<=', now).execute();
  await db.insertInto('sign_in_links').values({ token_hash: digestOf(token), user_id: link.userId, org_id: link.orgId, purpose: link.purpose, created_at: now, expires_at: expiresAt, used_at: null }).execute();
  return { token, expiresAt };
}

/** The link, if it can still be used; reading it changes nothing. */
export async function findLink(db: Kysely<Database>, token: string, purpose: LinkPurpose, now: number) {
  if (!isLinkToken(token)) return undefined;
  return db
    .selectFrom('sign_in_links')
    .selectAll()
    .where('token_hash', '=', digestOf(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Use the link up: whose it was, or undefined when it is unknown, expired or already used. */
export async function consumeLink(db: Kysely<Database>, token: string, purpose: LinkPurpose, now: number): Promise<{ userId: string; orgId: string } | undefined> {
  const link = await findLink(db, token, purpose, now);
  if (!link) return undefined;
  // The condition on used_at makes the use atomic: of two concurrent uses, one updates nothing.
  const used = await db.updateTable('sign_in_links').set({ used_at: now }).where('token_hash', '=', link.token_hash).where('used_at', 'is', null).executeTakeFirst();
  return Number(used.numUpdatedRows) === 1 ? { userId: link.user_id, orgId: link.org_id } : undefined;
}
