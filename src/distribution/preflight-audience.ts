/**
 * Who a send would email and who it would not, counted from the very query planning inserts
 * deliveries from (`emailRecipientsSql`), so the preflight and planning never disagree.
 */
import { sql } from 'kysely';
import { checkAddress } from '../contacts/address.js';
import type { Db } from '../db/client.js';
import type { SuppressionsTable, Variant } from '../db/schema.js';
import { emailRecipientsSql } from '../ledger/new-deliveries.js';
import type { ReleaseGroup } from '../releases/releases.repo.js';

export interface Recipient {
  email: string;
  preferred_language: string | null;
  language: string;
  variant: Variant;
}

export type SuppressionReason = SuppressionsTable['reason'];

export interface Skipped {
  /** On a list but suppressed: unsubscribed, bounced, complained or suppressed by hand. */
  suppressed: number;
  suppressedByReason: Partial<Record<SuppressionReason, number>>;
  /** On more than one of the lists: emailed once. */
  duplicate: number;
  /** Stored without an address at all. */
  noAddress: number;
  /** Stored with something that is not one address: the sender refuses it. */
  invalidAddress: number;
}

export interface PreflightAudience {
  recipients: Recipient[];
  /** Recipients the sender would really try (their address passes its check). */
  sendable: Recipient[];
  members: Map<string, number>;
  skipped: Skipped;
}

async function recipientsOf(db: Db, group: ReleaseGroup, listIds: string[], at: number): Promise<Recipient[]> {
  const { primary, byLanguage } = group;
  const recipients = emailRecipientsSql({
    listIds,
    languages: [...byLanguage.keys()],
    primaryLanguage: primary.content.language,
    publicFrom: primary.embargo ? Date.parse(primary.embargo.until) : 0,
    at,
  });
  // Four short columns a recipient: the addresses must pass the same check the sender applies.
  const { rows } = await sql<Recipient>`select r.email, r.preferred_language, r.language, r.variant from (${recipients}) r`.execute(db.kysely);
  return rows;
}

async function membership(db: Db, listIds: string[]): Promise<{ members: Map<string, number>; memberships: number; contacts: number }> {
  const perList = await db.kysely
    .selectFrom('list_members')
    .select(['list_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('list_id', 'in', listIds)
    .groupBy('list_id')
    .execute();
  const distinct = await db.kysely
    .selectFrom('list_members')
    .select((eb) => eb.fn.count<number>('contact_id').distinct().as('n'))
    .where('list_id', 'in', listIds)
    .executeTakeFirstOrThrow();
  const members = new Map(perList.map((r) => [r.list_id, Number(r.n)]));
  return { members, memberships: [...members.values()].reduce((a, b) => a + b, 0), contacts: Number(distinct.n) };
}

async function suppressedByReason(db: Db, orgId: string, listIds: string[]): Promise<Skipped['suppressedByReason']> {
  const rows = await db.kysely
    .selectFrom('suppressions as s')
    .innerJoin('contacts as c', (j) => j.onRef('c.org_id', '=', 's.org_id').onRef('c.email_key', '=', 's.email_key'))
    .select(['s.reason', (eb) => eb.fn.count<number>('c.id').distinct().as('n')])
    .where('s.org_id', '=', orgId)
    .where('c.id', 'in', (eb) => eb.selectFrom('list_members').select('contact_id').where('list_id', 'in', listIds))
    .groupBy('s.reason')
    .orderBy('s.reason')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.reason, Number(r.n)]));
}

/** The email audience of `listIds` for a send that starts at `at`. */
export async function preflightAudience(db: Db, orgId: string, group: ReleaseGroup, listIds: string[], at: number): Promise<PreflightAudience> {
  if (listIds.length === 0) {
    return { recipients: [], sendable: [], members: new Map(), skipped: { suppressed: 0, suppressedByReason: {}, duplicate: 0, noAddress: 0, invalidAddress: 0 } };
  }
  const [recipients, counts, byReason] = await Promise.all([recipientsOf(db, group, listIds, at), membership(db, listIds), suppressedByReason(db, orgId, listIds)]);
  const sendable = recipients.filter((r) => checkAddress(r.email).ok);
  const noAddress = recipients.filter((r) => !r.email.trim()).length;
  return {
    recipients,
    sendable,
    members: counts.members,
    skipped: {
      suppressed: counts.contacts - recipients.length,
      suppressedByReason: byReason,
      duplicate: counts.memberships - counts.contacts,
      noAddress,
      invalidAddress: recipients.length - sendable.length - noAddress,
    },
  };
}
