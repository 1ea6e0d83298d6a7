/**
 * Signing in and out: with a password, or with a one-time link sent by email. Nobody is an
 * actor yet, so these use cases take the attempt itself; every outcome leaves an audit row,
 * and no answer tells whether an address has an account.
 */
import type { Mailbox } from '../channels/email/mime.js';
import type { Mailer } from '../channels/email/single-message.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { escapeHtml } from '../rendering/escape.js';
import type { Actor } from '../auth/actor.js';
import { audit } from '../auth/audit.js';
import { senderOf } from '../organisations/identity.js';
import { getOrganisation } from '../organisations/organisations.service.js';
import { verifyPassword, type PasswordCost } from '../auth/passwords.js';
import { authenticateSession, endSession, startSession, type Client } from '../auth/sessions.js';
import type { SignInGuards } from '../auth/sign-in-guards.js';
import { consumeLink, issueLink, signInLinkUrl } from '../auth/sign-in-links.js';
import { findUserByEmail, homeOrganisationOf } from './users.js';

export interface SignInDeps {
  db: Db;
  guards: SignInGuards;
  mailer: Mailer;
  logger: Logger;
  config: { publicUrl: string; mailFrom: Mailbox; auth: { sessionTtlMs: number; linkTtlMs: number; passwordCost: PasswordCost } };
}

/** The browser's request: who it comes from, and the session cookie it already had (ended at sign-in). */
export type Attempt = Client & { replacing: string | undefined };

export type SignInOutcome = { kind: 'signed_in'; session: { id: string; expiresAt: number }; actor: Actor } | { kind: 'refused' } | { kind: 'locked'; retryAfterMs: number };

/** An address typed into a form: as written, and its key. */
export interface EmailAddress {
  address: string;
  key: string;
}

/** Start a session for a member, refusing one who has no membership there (any more). */
export async function startSignedIn(deps: SignInDeps, who: { userId: string; orgId: string }, attempt: Attempt, method: string, now: number): Promise<SignInOutcome> {
  const session = await startSession(deps.db.kysely, who, attempt, deps.config.auth.sessionTtlMs, now);
  const actor = await authenticateSession(deps.db, session.id, attempt.ip, now);
  if (!actor) {
    await endSession(deps.db, session.id);
    return { kind: 'refused' };
  }
  await audit(deps.db, actor, { action: 'auth.sign_in', object: { type: 'user', id: who.userId }, detail: { method } }, now);
  return { kind: 'signed_in', session, actor };
}

export async function refused(deps: Pick<SignInDeps, 'db'>, attempt: Attempt, detail: Record<string, unknown>, who: { orgId?: string; userId?: string; email?: string } = {}, now = Date.now()): Promise<void> {
  await audit(deps.db, { type: 'anonymous', orgId: who.orgId ?? null, id: who.userId ?? null, label: who.email ?? null, ip: attempt.ip }, { action: 'auth.sign_in_failed', detail }, now);
}

export async function signInWithPassword(deps: SignInDeps, email: EmailAddress, password: string, attempt: Attempt, now = Date.now()): Promise<SignInOutcome> {
  const lockedMs = await deps.guards.lockedFor(email.key);
  const user = await findUserByEmail(deps.db, email.key);
  const orgId = user ? await homeOrganisationOf(deps.db, user.id) : undefined;
  const who = { orgId, userId: user?.id, email: user?.email };
  if (lockedMs > 0) {
    await refused(deps, attempt, { method: 'password', reason: 'locked' }, who, now);
    return { kind: 'locked', retryAfterMs: lockedMs };
  }
  // Verified even without a user (against a decoy hash): a wrong address takes as long as a wrong password.
  const valid = await verifyPassword(user && orgId ? user.password_hash : null, password, deps.config.auth.passwordCost);
  if (!valid || !user || !orgId) {
    const nowLockedMs = await deps.guards.failed(email.key);
    await refused(deps, attempt, { method: 'password', reason: !user ? 'unknown address' : !orgId ? 'no organisation' : 'wrong password', locked: nowLockedMs > 0 }, who, now);
    return nowLockedMs > 0 ? { kind: 'locked', retryAfterMs: nowLockedMs } : { kind: 'refused' };
  }
  await deps.guards.succeeded(email.key);
  return startSignedIn(deps, { userId: user.id, orgId }, attempt, 'password', now);
}

function linkMessage(url: string, email: string, orgName: string, ttlMs: number) {
  const minutes = Math.round(ttlMs / 60_000);
  const lines = [`Someone asked to sign in to Presswire (${orgName}) as ${email}.`, `This link signs you in once, within ${minutes} minutes:`];
  const ignore = 'If you did not ask for it, ignore this message: nothing changes.';
  return {
    subject: `Sign in to Presswire (${orgName})`,
    text: `${lines.join('\n\n')}\n\n${url}\n\n${ignore}\n`,
    html: `<p>${escapeHtml(lines[0]!)}</p><p>${escapeHtml(lines[1]!)}</p><p><a href="${escapeHtml(url)}">Sign in</a></p><p>${escapeHtml(ignore)}</p>`,
  };
}

/** Email a sign-in link when the address has an account; the caller answers the same either way. */
export async function emailSignInLink(deps: SignInDeps, email: EmailAddress, attempt: Attempt, now = Date.now()): Promise<void> {
  const user = await findUserByEmail(deps.db, email.key);
  const orgId = user ? await homeOrganisationOf(deps.db, user.id) : undefined;
  if (!user || !orgId || !(await deps.guards.mayEmailLink(email.key))) return;
  const { token } = await issueLink(deps.db.kysely, { userId: user.id, orgId, purpose: 'sign_in' }, deps.config.auth.linkTtlMs, now);
  const org = await getOrganisation(deps.db, orgId);
  const message = linkMessage(signInLinkUrl(deps.config.publicUrl, token), user.email, org.name, deps.config.auth.linkTtlMs);
  try {
    await deps.mailer.send({ orgId, from: senderOf(org, deps.config.mailFrom), to: user.email, ...message });
  } catch (err) {
    // Not shown to the visitor: a failure only for addresses with accounts would tell which have one.
    deps.logger.warn({ user: user.id, err }, 'could not send a sign-in link');
    return;
  }
  await audit(deps.db, { type: 'anonymous', orgId, id: user.id, label: user.email, ip: attempt.ip }, { action: 'auth.link_sent', object: { type: 'user', id: user.id } }, now);
}

export async function signInWithLink(deps: SignInDeps, token: string, attempt: Attempt, now = Date.now()): Promise<SignInOutcome> {
  const link = await consumeLink(deps.db.kysely, token, 'sign_in', now);
  if (!link) {
    await refused(deps, attempt, { method: 'link', reason: 'unknown, used or expired link' }, {}, now);
    return { kind: 'refused' };
  }
  return startSignedIn(deps, link, attempt, 'link', now);
}

export async function signOut(db: Db, actor: Actor, sessionId: string, now = Date.now()): Promise<void> {
  await endSession(db, sessionId);
  await audit(db, actor, { action: 'auth.sign_out', object: { type: 'user', id: actor.person.id } }, now);
}
