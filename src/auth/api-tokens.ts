/**
 * API tokens: stored as SHA-256 hashes (the token itself only ever lives with its holder),
 * looked up on every request (a revoked token is refused on its very next one), scoped to
 * one organisation and a role. A token made for a user acts as that user, with at most the
 * user's role; one made without a user is a service identity of its own.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/client.js';
import type { ApiTokenRow, Role } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { lineText } from '../text/control-characters.js';
import { authorize, type Actor } from './actor.js';
import { audit } from './audit.js';
import { lowerRole, RoleInput } from './roles.js';
import { digestOf, newTokenSecret } from './secret-digest.js';
import { z } from 'zod';


/** How often a token's last use is written: once a minute is enough to answer "is this still used?". */
const lastUseResolutionMs = 60_000;

export const TokenRequest = z.object({
  name: lineText().trim().min(1, 'is empty').max(100),
  role: RoleInput,
  /** The user (email) it acts as; leave out for a service identity. */
  user: z.string().trim().min(3).max(320).optional(),
  /** Its sends skip two-person approval (for cron jobs); admins only, and recorded. */
  approvedSends: z.boolean().default(false),
});
export type TokenRequest = z.infer<typeof TokenRequest>;

export const tokenView = (t: ApiTokenRow & { user_email?: string | null }) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  user: t.user_email ?? null,
  approvedSends: t.approved_sends === 1,
  bootstrap: t.bootstrap === 1,
  createdAt: new Date(t.created_at).toISOString(),
  lastUsedAt: t.last_used_at === null ? null : new Date(t.last_used_at).toISOString(),
  revokedAt: t.revoked_at === null ? null : new Date(t.revoked_at).toISOString(),
});

async function membershipOf(db: Db, email: string, orgId: string) {
  return db.kysely
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select(['users.id', 'users.email', 'memberships.role'])
    .where('users.email_key', '=', email.trim().toLowerCase())
    .where('memberships.org_id', '=', orgId)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function createToken(db: Db, actor: Actor, request: TokenRequest, now = Date.now()) {
  authorize(actor, 'admin');
  let userId: string | null = null;
  let role: Role = request.role;
  if (request.user) {
    const member = await membershipOf(db, request.user, actor.orgId);
    if (!member) throw notFound('User', `"${request.user}" in this organisation`);
    userId = member.id;
    role = lowerRole(role, member.role);
  }
  const token = newTokenSecret();
  const row: ApiTokenRow = {
    id: newId('tok'),
    org_id: actor.orgId,
    name: request.name,
    token_hash: digestOf(token),
    role,
    user_id: userId,
    approved_sends: request.approvedSends ? 1 : 0,
    bootstrap: 0,
    created_by: actor.person.id,
    created_at: now,
    last_used_at: null,
    revoked_at: null,
  };
  await db.kysely.insertInto('api_tokens').values(row).execute();
  const view = tokenView({ ...row, user_email: request.user ?? null });
  await audit(db, actor, { action: 'token.create', object: { type: 'token', id: row.id }, state: view, detail: { name: row.name, role, user: view.user, approvedSends: view.approvedSends } }, now);
  return { ...view, token };
}

export async function listTokens(db: Db, actor: Actor) {
  authorize(actor, 'admin');
  const rows = await db.kysely
    .selectFrom('api_tokens')
    .leftJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('api_tokens')
    .select('users.email as user_email')
    .where('api_tokens.org_id', '=', actor.orgId)
    .orderBy('api_tokens.id')
    .execute();
  return rows.map(tokenView);
}

export async function revokeToken(db: Db, actor: Actor, id: string, now = Date.now()) {
  authorize(actor, 'admin');
  const row = await db.kysely.selectFrom('api_tokens').selectAll().where('id', '=', id).where('org_id', '=', actor.orgId).executeTakeFirst();
  if (!row) throw notFound('Token', id);
  if (row.revoked_at === null) {
    await db.kysely.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }
  const view = tokenView({ ...row, revoked_at: row.revoked_at ?? now });
  await audit(db, actor, { action: 'token.revoke', object: { type: 'token', id }, state: view, detail: { name: row.name } }, now);
  return view;
}

/**
 * Make `token` the one bootstrap token (the first organisation's admin, kept in the data
 * directory): any other bootstrap token is revoked. Deleting the file and restarting, or
 * `tokens rotate-admin`, therefore retires the old one.
 */
export async function registerAdminToken(db: Db, token: string, now = Date.now()): Promise<{ replaced: number }> {
  // The organisation a fresh install created (migration 004): the oldest.
  const org = await db.kysely.selectFrom('organisations').select('id').orderBy('created_at').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const digest = digestOf(token);
  return db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_tokens')
      .values({ id: newId('tok'), org_id: org.id, name: 'admin (data directory)', token_hash: digest, role: 'admin', bootstrap: 1, created_at: now, user_id: null, created_by: null, last_used_at: null, revoked_at: null })
      .onConflict((oc) => oc.column('token_hash').doNothing())
      .execute();
    const retired = await trx.updateTable('api_tokens').set({ revoked_at: now }).where('bootstrap', '=', 1).where('revoked_at', 'is', null).where('token_hash', '!=', digest).executeTakeFirst();
    const replaced = Number(retired.numUpdatedRows);
    if (replaced > 0) {
      await audit(trx, { type: 'system', orgId: org.id, label: 'data directory' }, { action: 'token.rotate_admin', detail: { retired: replaced } }, now);
    }
    return { replaced };
  });
}

/** The actor a bearer token stands for, or undefined when it is unknown or revoked. */
export async function authenticateToken(db: Db, token: string, ip: string | null, now = Date.now()): Promise<Actor | undefined> {
  const digest = digestOf(token);
  const row = await db.kysely
    .selectFrom('api_tokens')
    .leftJoin('users', 'users.id', 'api_tokens.user_id')
    .leftJoin('memberships', (join) => join.onRef('memberships.user_id', '=', 'api_tokens.user_id').onRef('memberships.org_id', '=', 'api_tokens.org_id'))
    .selectAll('api_tokens')
    .select(['users.email as user_email', 'users.disabled_at as user_disabled_at', 'users.install_admin as user_install_admin', 'memberships.role as member_role'])
    .where('api_tokens.token_hash', '=', digest)
    .executeTakeFirst();
  if (!row || !timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(digest)) || row.revoked_at !== null) return undefined;
  let role = row.role;
  if (row.user_id !== null) {
    // A token of a user who left the organisation, or was disabled, no longer works.
    if (!row.member_role || row.user_disabled_at !== null) return undefined;
    role = lowerRole(role, row.member_role);
  }
  if (row.last_used_at === null || row.last_used_at < now - lastUseResolutionMs) {
    await db.kysely.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return {
    orgId: row.org_id,
    role,
    via: 'token',
    person: row.user_id !== null ? { type: 'user', id: row.user_id, label: row.user_email ?? row.user_id } : { type: 'token', id: row.id, label: row.name },
    tokenId: row.id,
    installAdmin: row.bootstrap === 1 || row.user_install_admin === 1,
    approvedSends: row.approved_sends === 1,
    ip,
  };
}

/** Issue a new data-directory admin token and retire the old one; the caller stores it. */
export async function rotateAdminToken(db: Db, actor: Actor, now = Date.now()): Promise<{ token: string }> {
  authorize(actor, 'admin');
  if (!actor.installAdmin) throw new AppError('FORBIDDEN', 'Only an administrator of this installation can rotate the data-directory admin token.');
  const token = newTokenSecret();
  await registerAdminToken(db, token, now);
  await audit(db, actor, { action: 'token.rotate_admin', object: { type: 'token', id: 'bootstrap' } }, now);
  return { token };
}
