/**
 * What signed-in people do with their own account, whatever their role: read who they are
 * and where they belong, choose the desk's interface language, and move their session to
 * another organisation they are a member of (the session's organisation is the actor's, so
 * the role that follows is the membership's in that organisation).
 */
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { Role } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { authorize, type Actor } from '../auth/actor.js';
import { audit } from '../auth/audit.js';
import { moveSession } from '../auth/sessions.js';

export const InterfaceLocale = z.enum(['en', 'es']);
export type InterfaceLocale = z.infer<typeof InterfaceLocale>;

export interface OwnAccount {
  /** Null: the browser's Accept-Language decides. */
  locale: InterfaceLocale | null;
  hasPassword: boolean;
  /** Every organisation the person is a member of, by name. */
  organisations: { id: string; name: string; role: Role }[];
}

function ownUserId(actor: Actor): string {
  if (actor.person.type !== 'user') throw new AppError('FORBIDDEN', 'A service token has no account of its own');
  return actor.person.id;
}

export async function ownAccount(db: Db, actor: Actor): Promise<OwnAccount> {
  authorize(actor, 'read');
  // A service token is nobody's account: it has no language and belongs to one organisation only.
  if (actor.person.type !== 'user') return { locale: null, hasPassword: false, organisations: [] };
  const [user, organisations] = await Promise.all([
    db.kysely.selectFrom('users').select(['locale', 'password_hash']).where('id', '=', actor.person.id).executeTakeFirstOrThrow(),
    db.kysely
      .selectFrom('memberships')
      .innerJoin('organisations', 'organisations.id', 'memberships.org_id')
      .select(['organisations.id', 'organisations.name', 'memberships.role'])
      .where('memberships.user_id', '=', actor.person.id)
      .orderBy('organisations.name')
      .execute(),
  ]);
  return { locale: InterfaceLocale.safeParse(user.locale).data ?? null, hasPassword: user.password_hash !== null, organisations };
}

export async function setOwnLocale(db: Db, actor: Actor, locale: InterfaceLocale | null, now = Date.now()): Promise<void> {
  authorize(actor, 'read');
  const userId = ownUserId(actor);
  await db.kysely.updateTable('users').set({ locale, updated_at: now }).where('id', '=', userId).execute();
  await audit(db, actor, { action: 'user.locale', object: { type: 'user', id: userId }, detail: { locale } }, now);
}

/** Point the session at another of the person's organisations; one they are not a member of is not found. */
export async function switchOrganisation(db: Db, actor: Actor, sessionId: string, orgId: string, now = Date.now()): Promise<void> {
  authorize(actor, 'read');
  const userId = ownUserId(actor);
  if (actor.via !== 'session') throw new AppError('FORBIDDEN', 'Only a signed-in session changes organisation; a token belongs to one');
  const member = await db.kysely.selectFrom('memberships').select('role').where('user_id', '=', userId).where('org_id', '=', orgId).executeTakeFirst();
  if (!member) throw notFound('Organisation', orgId);
  if (orgId === actor.orgId) return;
  await db.kysely.transaction().execute(async (trx) => {
    await moveSession(trx, sessionId, userId, orgId);
    // Written to the organisation entered: its administrators see who came in, and as what.
    await audit(trx, actor, { action: 'auth.switch_organisation', object: { type: 'user', id: userId }, orgId, detail: { from: actor.orgId, to: orgId, role: member.role } }, now);
  });
}
