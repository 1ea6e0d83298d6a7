/**
 * The first administrator. A fresh installation has nobody who could sign in, so the server
 * prints a one-time link at start-up; whoever opens it chooses an address and a password and
 * becomes admin of the first organisation and administrator of the installation.
 *
 * A sign-in link belongs to a user, and this one's user does not exist yet: it belongs to a
 * placeholder row (disabled, no membership, a key no address can have) that the link turns
 * into the administrator. Once anyone exists, every such link is dead.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/client.js';
import type { Database } from '../db/schema.js';
import { newId } from '../ids.js';
import { audit } from '../auth/audit.js';
import { firstOrganisation } from '../organisations/organisations.service.js';
import { hashPassword } from '../auth/passwords.js';
import { consumeLink, findLink, handedOverLinkTtlMs, issueLink, setupUrl } from '../auth/sign-in-links.js';
import { refused, startSignedIn, type Attempt, type EmailAddress, type SignInDeps, type SignInOutcome } from './sign-in.js';

/** The placeholder's email key: with spaces and parentheses, no checked address can have it. */
const placeholderKey = '(first administrator, not yet chosen)';

const someoneExists = async (db: Kysely<Database>): Promise<boolean> =>
  (await db.selectFrom('users').select('id').where('email_key', '!=', placeholderKey).limit(1).executeTakeFirst()) !== undefined;

/** A new first-run link, while nobody exists who could sign in; undefined afterwards. */
export async function firstAdminLink(deps: { db: Db; publicUrl: string }, now = Date.now()): Promise<{ url: string; expiresAt: number } | undefined> {
  const db = deps.db.kysely;
  if (await someoneExists(db)) return undefined;
  await db
    .insertInto('users')
    .values({ id: newId('usr'), email: '', email_key: placeholderKey, password_hash: null, created_at: now, updated_at: now, disabled_at: now })
    .onConflict((oc) => oc.column('email_key').doNothing())
    .execute();
  const placeholder = await db.selectFrom('users').select('id').where('email_key', '=', placeholderKey).executeTakeFirstOrThrow();
  const org = await firstOrganisation(deps.db);
  const link = await issueLink(db, { userId: placeholder.id, orgId: org.id, purpose: 'first_admin' }, handedOverLinkTtlMs, now);
  return { url: setupUrl(deps.publicUrl, link.token), expiresAt: link.expiresAt };
}

/** Whether the setup page should show its form: the link is unused, unexpired, and nobody exists yet. */
export async function firstAdminLinkOpen(db: Db, token: string, now = Date.now()): Promise<boolean> {
  return (await findLink(db.kysely, token, 'first_admin', now)) !== undefined && !(await someoneExists(db.kysely));
}

export async function createFirstAdmin(deps: SignInDeps, token: string, input: { email: EmailAddress; password: string }, attempt: Attempt, now = Date.now()): Promise<SignInOutcome> {
  // Hashed before the transaction: it takes a while, and holds nothing.
  const passwordHash = await hashPassword(input.password, deps.config.auth.passwordCost);
  const who = await deps.db.kysely.transaction().execute(async (trx) => {
    const link = await consumeLink(trx, token, 'first_admin', now);
    if (!link || (await someoneExists(trx))) return undefined;
    const claimed = await trx
      .updateTable('users')
      .set({ email: input.email.address, email_key: input.email.key, password_hash: passwordHash, install_admin: 1, disabled_at: null, updated_at: now })
      .where('id', '=', link.userId)
      .where('email_key', '=', placeholderKey)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return undefined;
    await trx.insertInto('memberships').values({ user_id: link.userId, org_id: link.orgId, role: 'admin', created_at: now }).execute();
    return link;
  });
  if (!who) {
    await refused(deps, attempt, { method: 'first_admin', reason: 'unknown, used or expired link, or an administrator exists' }, {}, now);
    return { kind: 'refused' };
  }
  const outcome = await startSignedIn(deps, who, attempt, 'first_admin', now);
  if (outcome.kind === 'signed_in') {
    await audit(deps.db, outcome.actor, { action: 'user.create', object: { type: 'user', id: who.userId }, detail: { email: input.email.address, role: 'admin', installAdmin: true } }, now);
  }
  return outcome;
}
