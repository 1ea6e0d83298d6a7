/**
 * Leak tracing: every embargoed copy carries a code of its own (in the text and in its
 * link). A code found in a leaked copy names the journalist and the distribution; the
 * code itself is random and says nothing about the address.
 */
import { authorize, type Actor } from '../auth/actor.js';
import type { Db } from '../db/client.js';
import { AppError, notFound } from '../errors.js';

/** "ab12 cd34-ef56" → "AB12-CD34-EF56" */
export function normalizeCode(input: string): string {
  const hex = input.toUpperCase().replace(/[^0-9A-F]/g, '');
  if (hex.length !== 12) throw new AppError('VALIDATION', `"${input}" is not a reference code`, { issues: [{ field: 'code', message: 'must be 12 letters and digits, like AB12-CD34-EF56' }] });
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8)}`;
}

export interface Trace {
  code: string;
  deliveryId: string;
  distributionId: string;
  release: { id: string; headline: string };
  recipient: { name: string | null; address: string; outlet: string | null };
  status: string;
  sentAt: string | null;
  /** Every time the code's link was opened. */
  views: { at: string; ip: string | null; userAgent: string | null }[];
}

export async function traceCode(db: Db, actor: Actor, input: string): Promise<Trace> {
  authorize(actor, 'read');
  const code = normalizeCode(input);
  const row = await db.kysely
    .selectFrom('deliveries as d')
    .innerJoin('distributions as t', 't.id', 'd.distribution_id')
    .innerJoin('releases as r', 'r.id', 't.release_id')
    .leftJoin('contacts as c', 'c.id', 'd.contact_id')
    .select(['d.id', 'd.distribution_id', 'd.address', 'd.recipient_name', 'd.status', 'd.finished_at', 'r.id as release_id', 'r.headline', 'c.outlet'])
    .where('d.reference_code', '=', code)
    .where('t.org_id', '=', actor.orgId)
    .executeTakeFirst();
  if (!row) throw notFound('Reference code', code);
  const views = await db.kysely.selectFrom('reference_views').selectAll().where('delivery_id', '=', row.id).orderBy('viewed_at').execute();
  return {
    code,
    deliveryId: row.id,
    distributionId: row.distribution_id,
    release: { id: row.release_id, headline: row.headline },
    recipient: { name: row.recipient_name, address: row.address, outlet: row.outlet },
    status: row.status,
    sentAt: row.status === 'accepted' && row.finished_at !== null ? new Date(row.finished_at).toISOString() : null,
    views: views.map((v) => ({ at: new Date(v.viewed_at).toISOString(), ip: v.ip, userAgent: v.user_agent })),
  };
}

/** The delivery a code belongs to, recording that its link was opened. */
export async function openReferenceLink(db: Db, input: string, visit: { ip?: string; userAgent?: string; at: number }): Promise<{ deliveryId: string; distributionId: string } | undefined> {
  let code: string;
  try {
    code = normalizeCode(input);
  } catch {
    return undefined;
  }
  const row = await db.kysely.selectFrom('deliveries').select(['id', 'distribution_id']).where('reference_code', '=', code).executeTakeFirst();
  if (!row) return undefined;
  await db.kysely.insertInto('reference_views').values({ delivery_id: row.id, viewed_at: visit.at, ip: visit.ip ?? null, user_agent: visit.userAgent?.slice(0, 300) ?? null }).execute();
  return { deliveryId: row.id, distributionId: row.distribution_id };
}
