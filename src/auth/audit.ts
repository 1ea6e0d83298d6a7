/**
 * The audit log: who did what to which object, when, from where, and a hash of the
 * object's state after. Append-only: this module only inserts and reads, and the database
 * refuses updates and deletes (migration 004).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Db } from '../db/client.js';
import { canonicalJson } from '../text/canonical-json.js';
import type { AuditActorType, Database } from '../db/schema.js';
import { newId } from '../ids.js';
import { authorize, type Actor } from './actor.js';

/** Someone who is not a signed-in actor: a journalist's unsubscribe, a failed sign-in, the system itself. */
export interface OtherParty {
  type: Exclude<AuditActorType, 'user' | 'token'>;
  orgId: string | null;
  id?: string | null;
  label?: string | null;
  ip?: string | null;
}

export interface AuditEntry {
  action: string;
  object?: { type: string; id: string };
  /** The object's state after the action; stored as its SHA-256 only. */
  state?: unknown;
  /** A few words on what changed; never a secret. */
  detail?: Record<string, unknown>;
  /** Overrides the actor's organisation (an organisation just created, a user added elsewhere). */
  orgId?: string;
}

const isActor = (who: Actor | OtherParty): who is Actor => 'person' in who;

export const stateHash = (state: unknown): string => createHash('sha256').update(canonicalJson(state ?? null)).digest('hex');

export async function audit(db: Db | Kysely<Database>, who: Actor | OtherParty, entry: AuditEntry, at = Date.now()): Promise<void> {
  const kysely = 'kysely' in db ? db.kysely : db;
  const actor = isActor(who)
    ? { actor_type: who.person.type, actor_id: who.person.id, actor_label: who.via === 'token' && who.person.type === 'user' ? `${who.person.label} (token ${who.tokenId})` : who.person.label, ip: who.ip, org_id: who.orgId }
    : { actor_type: who.type, actor_id: who.id ?? null, actor_label: who.label ?? null, ip: who.ip ?? null, org_id: who.orgId };
  await kysely
    .insertInto('audit_log')
    .values({
      id: newId('aud'),
      ...actor,
      org_id: entry.orgId ?? actor.org_id,
      at,
      action: entry.action,
      object_type: entry.object?.type ?? null,
      object_id: entry.object?.id ?? null,
      state_hash: entry.state === undefined ? null : stateHash(entry.state),
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    })
    .execute();
}

export interface AuditQuery {
  since?: number;
  /** Continue after this row id (ids sort by time), in the order asked for. */
  after?: string;
  limit: number;
  /** The newest first, as people read a log; oldest first by default, as exports replay it. */
  newestFirst?: boolean;
  action?: string;
  /** Rows about this object (a release, a distribution…) only. */
  objectId?: string;
}

export async function listAudit(db: Db, orgId: string, query: AuditQuery) {
  let q = db.kysely.selectFrom('audit_log').selectAll().where('org_id', '=', orgId);
  if (query.since !== undefined) q = q.where('at', '>=', query.since);
  if (query.after) q = q.where('id', query.newestFirst ? '<' : '>', query.after);
  if (query.action) q = q.where('action', '=', query.action);
  if (query.objectId) q = q.where('object_id', '=', query.objectId);
  const rows = await q.orderBy('id', query.newestFirst ? 'desc' : 'asc').limit(query.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
    action: r.action,
    object: r.object_type ? { type: r.object_type, id: r.object_id } : null,
    ip: r.ip,
    stateHash: r.state_hash,
    detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
  }));
}

/** The organisation's log for someone reading it: admins only, as the API's /audit. */
export async function readAuditLog(db: Db, actor: Actor, query: AuditQuery) {
  authorize(actor, 'admin');
  return listAudit(db, actor.orgId, query);
}

/** Who last did `action` to one object of the actor's organisation, and when (a release page shows who finalized it). */
export async function lastDoneTo(db: Db, actor: Actor, object: { type: string; id: string }, action: string): Promise<{ by: string; at: string; detail: Record<string, unknown> | null } | undefined> {
  authorize(actor, 'read');
  const row = await db.kysely
    .selectFrom('audit_log')
    .select(['actor_label', 'actor_type', 'at', 'detail'])
    .where('org_id', '=', actor.orgId)
    .where('object_type', '=', object.type)
    .where('object_id', '=', object.id)
    .where('action', '=', action)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? { by: row.actor_label ?? row.actor_type, at: new Date(row.at).toISOString(), detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null } : undefined;
}
