/**
 * People: one user per address across the installation, and a membership with a role in
 * each organisation they work for. Adding someone hands the administrator a one-time
 * sign-in link for them; removing someone ends their sessions in that organisation at once,
 * and their tokens there stop working (a user's token checks the membership on every request).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { addressInput, checkAddress } from '../contacts/address.js';
import type { Db } from '../db/client.js';
import type { Database, Role } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { authorize, type Actor } from '../auth/actor.js';
import { audit } from '../auth/audit.js';
import { hashPassword, type PasswordCost } from '../auth/passwords.js';
import { RoleInput } from '../auth/roles.js';
import { endSessionsOf } from '../auth/sessions.js';
import { handedOverLinkTtlMs, issueLink, signInLinkUrl } from '../auth/sign-in-links.js';

export const UserRequest = z.object({ email: addressInput(), role: RoleInput });
export type UserRequest = z.infer<typeof UserRequest>;

interface MemberRow {
  id: string;
  email: string;
  password_hash: string | null;
  install_admin: number;
  role: Role;
  member_since: number;
}

export const userView = (m: MemberRow) => ({
  id: m.id,
  email: m.email,
  role: m.role,
  hasPassword: m.password_hash !== null,
  installAdmin: m.install_admin === 1,
  memberSince: new Date(m.member_since).toISOString(),
});

const members = (db: Kysely<Database>, orgId: string) =>
  db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.password_hash', 'users.install_admin', 'memberships.role', 'memberships.created_at as member_since'])
    .where('memberships.org_id', '=', orgId)
    .where('users.disabled_at', 'is', null);

async function memberByEmail(db: Kysely<Database>, orgId: string, email: string): Promise<MemberRow> {
  const check = checkAddress(email);
  const row = check.ok ? await members(db, orgId).where('users.email_key', '=', check.key).executeTakeFirst() : undefined;
  if (!row) throw notFound('User', `"${email}" in this organisation`);
  return row;
}

/** The organisation's last administrator cannot be removed or demoted: nobody could manage its people any more. */
async function keepAnAdmin(db: Kysely<Database>, orgId: string, member: MemberRow): Promise<void> {
  if (member.role !== 'admin') return;
  const admins = await members(db, orgId).where('memberships.role', '=', 'admin').execute();
  if (admins.length <= 1) throw new AppError('INVALID_STATE', `${member.email} is this organisation’s last administrator: make someone else admin first`);
}

export async function findUserByEmail(db: Db, emailKey: string) {
  return db.kysely.selectFrom('users').selectAll().where('email_key', '=', emailKey).where('disabled_at', 'is', null).executeTakeFirst();
}

/** Where a password sign-in lands: the organisation the user joined first. */
export async function homeOrganisationOf(db: Db, userId: string): Promise<string | undefined> {
  const row = await db.kysely.selectFrom('memberships').select('org_id').where('user_id', '=', userId).orderBy('created_at').orderBy('org_id').limit(1).executeTakeFirst();
  return row?.org_id;
}

/** Add a person to the actor's organisation (creating the user when the address is new), with a sign-in link for them. */
export async function addUser(deps: { db: Db; publicUrl: string }, actor: Actor, request: UserRequest, now = Date.now()) {
  authorize(actor, 'admin');
  const { address, key } = request.email;
  return deps.db.kysely.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('users').select(['id', 'disabled_at']).where('email_key', '=', key).executeTakeFirst();
    if (existing && existing.disabled_at !== null) throw new AppError('INVALID_STATE', `The user ${address} is disabled`);
    const userId = existing?.id ?? newId('usr');
    if (!existing) await trx.insertInto('users').values({ id: userId, email: address, email_key: key, password_hash: null, created_at: now, updated_at: now, disabled_at: null }).execute();
    const member = await trx.selectFrom('memberships').select('role').where('user_id', '=', userId).where('org_id', '=', actor.orgId).executeTakeFirst();
    if (member) throw new AppError('CONFLICT', `${address} is already a member of this organisation (${member.role}); change the role with "users role"`);
    await trx.insertInto('memberships').values({ user_id: userId, org_id: actor.orgId, role: request.role, created_at: now }).execute();
    const link = await issueLink(trx, { userId, orgId: actor.orgId, purpose: 'sign_in' }, handedOverLinkTtlMs, now);
    const view = userView(await memberByEmail(trx, actor.orgId, address));
    await audit(trx, actor, { action: existing ? 'user.add' : 'user.create', object: { type: 'user', id: userId }, state: view, detail: { email: address, role: request.role } }, now);
    return { ...view, signInUrl: signInLinkUrl(deps.publicUrl, link.token), signInExpiresAt: new Date(link.expiresAt).toISOString() };
  });
}

export async function listUsers(db: Db, actor: Actor) {
  authorize(actor, 'admin');
  const rows = await members(db.kysely, actor.orgId).orderBy('memberships.created_at').orderBy('users.id').execute();
  return rows.map(userView);
}

/** Remove a person from the actor's organisation: their sessions there end now; the user stays for their other organisations. */
export async function removeUser(db: Db, actor: Actor, email: string, now = Date.now()) {
  authorize(actor, 'admin');
  return db.kysely.transaction().execute(async (trx) => {
    const member = await memberByEmail(trx, actor.orgId, email);
    await keepAnAdmin(trx, actor.orgId, member);
    await trx.deleteFrom('memberships').where('user_id', '=', member.id).where('org_id', '=', actor.orgId).execute();
    const sessionsEnded = await endSessionsOf(trx, member.id, actor.orgId);
    const view = userView(member);
    await audit(trx, actor, { action: 'user.remove', object: { type: 'user', id: member.id }, state: view, detail: { email: member.email, sessionsEnded } }, now);
    return { ...view, sessionsEnded };
  });
}

export async function setUserRole(db: Db, actor: Actor, email: string, role: Role, now = Date.now()) {
  authorize(actor, 'admin');
  return db.kysely.transaction().execute(async (trx) => {
    const member = await memberByEmail(trx, actor.orgId, email);
    if (role !== 'admin') await keepAnAdmin(trx, actor.orgId, member);
    await trx.updateTable('memberships').set({ role }).where('user_id', '=', member.id).where('org_id', '=', actor.orgId).execute();
    const view = userView({ ...member, role });
    await audit(trx, actor, { action: 'user.role', object: { type: 'user', id: member.id }, state: view, detail: { email: member.email, from: member.role, to: role } }, now);
    return view;
  });
}

/** A signed-in person sets (or changes) their own password. */
export async function setOwnPassword(deps: { db: Db; cost: PasswordCost }, actor: Actor, password: string, now = Date.now()): Promise<void> {
  authorize(actor, 'read');
  if (actor.person.type !== 'user') throw new AppError('FORBIDDEN', 'Only a person has a password; a service token has none');
  const passwordHash = await hashPassword(password, deps.cost);
  await deps.db.kysely.updateTable('users').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', actor.person.id).execute();
  await audit(deps.db, actor, { action: 'user.password_set', object: { type: 'user', id: actor.person.id } }, now);
}

/** When each member last signed in to the actor's organisation (by user id), as far as the audit log knows. */
export async function lastSignIns(db: Db, actor: Actor): Promise<Map<string, number>> {
  authorize(actor, 'admin');
  const rows = await db.kysely
    .selectFrom('audit_log')
    .select(['object_id', (eb) => eb.fn.max('at').as('at')])
    .where('org_id', '=', actor.orgId)
    .where('action', '=', 'auth.sign_in')
    .where('object_type', '=', 'user')
    .groupBy('object_id')
    .execute();
  // PostgreSQL answers a bigint aggregate as a string.
  return new Map(rows.flatMap((r) => (r.object_id === null ? [] : [[r.object_id, Number(r.at)] as const])));
}
