/**
 * Creating delivery rows — the ledger's other half. Every insert is idempotent (ON CONFLICT
 * DO NOTHING on the delivery's identity), so a plan that runs twice creates nothing twice.
 * Rows are created `queued`, due at once; public copies wait for the embargo by the owed rule.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/client.js';
import { newCodeSql, newIdSql, nowMs, publicFrom } from '../db/dialect.js';

const values = (items: readonly string[]) => sql.join(items.map((v) => sql`${v}`));
/** The identity of a delivery: one per target, kind and revision within a distribution. */
const onConflict = sql`on conflict (distribution_id, kind, revision, target_key) do nothing`;

export interface EmailRecipients {
  listIds: string[];
  /** Languages the release exists in; anyone else gets `primaryLanguage`. */
  languages: string[];
  primaryLanguage: string;
  /** When the release turns public (epoch ms, 0 without an embargo)… */
  publicFrom: RawBuilder<number> | number;
  /** …compared with when the audience is resolved: planning's now, or a preflight's send time. */
  at: RawBuilder<number> | number;
}

export interface EmailAudience extends Omit<EmailRecipients, 'publicFrom' | 'at'> {
  distributionId: string;
  batchSize: number;
  /** The domain of Message-IDs (the sender's). */
  messageDomain: string;
}

/**
 * The one definition of who a distribution emails: the union of the lists, deduplicated by
 * address (contacts are unique by address), minus suppressed addresses. Each gets the
 * release's language when a version exists in theirs, and — while the release is under
 * embargo — the embargoed variant if they accept embargoes or sit on an early-access list.
 * Planning inserts exactly these rows; the preflight counts them (so they never disagree).
 * Columns: contact_id, email, email_key, name, preferred_language, language, variant.
 */
export function emailRecipientsSql(r: EmailRecipients): RawBuilder<unknown> {
  const lists = values(r.listIds);
  const early = sql`(c.embargo_ok = 1 or c.id in (select m.contact_id from list_members m join lists l on l.id = m.list_id
      where l.early_access = 1 and m.list_id in (${lists})))`;
  // Cast: a preflight passes plain numbers, which PostgreSQL would otherwise compare as text.
  const embargoed = sql`cast(${r.publicFrom} as bigint) > cast(${r.at} as bigint)`;
  return sql`select c.id as contact_id, c.email, c.email_key, c.name, c.language as preferred_language,
        case when c.language in (${values(r.languages)}) then c.language else ${r.primaryLanguage} end as language,
        case when ${embargoed} and ${early} then 'embargoed' else 'public' end as variant
      from contacts c
      where c.id in (select m.contact_id from list_members m where m.list_id in (${lists}))
        and not exists (select 1 from suppressions s where s.org_id = c.org_id and s.email_key = c.email_key)`;
}

/**
 * One statement inserts every email delivery of `emailRecipientsSql`, each embargoed copy
 * with a reference code of its own. Batches group recipients of one variant and language.
 * The audience never passes through this process's memory.
 */
export async function insertEmailDeliveries(db: Db, a: EmailAudience): Promise<void> {
  if (a.listIds.length === 0) return;
  const now = nowMs(db);
  const recipients = emailRecipientsSql({ ...a, publicFrom: publicFrom(a.distributionId), at: now });
  await sql`insert into deliveries (id, distribution_id, kind, revision, target_key, contact_id, address, recipient_name,
        language, variant, batch, status, next_attempt_at, message_id, reference_code, created_at, updated_at)
      select b.id, ${a.distributionId}, 'email', 0, b.email_key, b.contact_id, b.email, b.name, b.language, b.variant,
        cast((b.rn - 1) / ${a.batchSize} as integer), 'queued', ${now},
        '<' || b.id || '.1@' || ${a.messageDomain} || '>',
        case when b.variant = 'embargoed' then ${newCodeSql(db)} end, ${now}, ${now}
      from (
        select ${newIdSql(db, 'dlv')} as id, x.*, row_number() over (order by x.variant, x.language, x.contact_id) as rn
        from (${recipients}) x
      ) b
      where true
      ${onConflict}`.execute(db.kysely);
}

export interface CorrectionAudience extends Omit<EmailAudience, 'listIds'> {
  /** The release corrected: its distributions' accepted copies are the audience. */
  corrects: string;
}

/**
 * A correction goes to exactly those whose copy of the corrected release was accepted: not to a
 * copy that failed, bounced or drew a complaint, nor to anyone added to a list since, nor to an
 * address suppressed now. One copy per address (the first one accepted), in that copy's language
 * when the correction has it, threaded to it by In-Reply-To. Public variant: an embargo still
 * ahead holds it by the owed rule.
 */
export async function insertCorrectionDeliveries(db: Db, a: CorrectionAudience): Promise<void> {
  const now = nowMs(db);
  await sql`insert into deliveries (id, distribution_id, kind, revision, target_key, contact_id, address, recipient_name,
        language, variant, batch, status, next_attempt_at, message_id, in_reply_to, created_at, updated_at)
      select b.id, ${a.distributionId}, 'email', 0, b.target_key, b.contact_id, b.address, b.recipient_name, b.language, 'public',
        cast((b.rn - 1) / ${a.batchSize} as integer), 'queued', ${now}, '<' || b.id || '.1@' || ${a.messageDomain} || '>', b.message_id, ${now}, ${now}
      from (
        select ${newIdSql(db, 'dlv')} as id, x.*, row_number() over (order by x.language, x.target_key) as rn
        from (
          select d.target_key, d.contact_id, d.address, d.recipient_name, d.message_id,
            case when d.language in (${values(a.languages)}) then d.language else ${a.primaryLanguage} end as language,
            row_number() over (partition by d.target_key order by d.created_at, d.id) as nth
          from deliveries d join distributions od on od.id = d.distribution_id
          where od.release_id = ${a.corrects} and d.kind = 'email' and d.status = 'accepted'
            and not exists (select 1 from suppressions s where s.org_id = od.org_id and s.email_key = d.target_key)
        ) x
        where x.nth = 1
      ) b
      where true
      ${onConflict}`.execute(db.kysely);
}

/** The social delivery of one account (a post or a thread); returns its id. */
export async function insertSocialDelivery(db: Db, distributionId: string, account: { id: string; name: string }, language: string): Promise<string> {
  const now = nowMs(db);
  await sql`insert into deliveries (id, distribution_id, kind, revision, account_id, target_key, address, language, variant, batch,
        status, next_attempt_at, message_id, created_at, updated_at)
      select ${newIdSql(db, 'dlv')}, ${distributionId}, 'social', 0, ${account.id}, ${account.id}, ${account.name}, ${language},
        'public', null, 'queued', ${now}, '', ${now}, ${now}
      where true
      ${onConflict}`.execute(db.kysely);
  const row = await db.kysely
    .selectFrom('deliveries')
    .select('id')
    .where('distribution_id', '=', distributionId)
    .where('kind', '=', 'social')
    .where('target_key', '=', account.id)
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface UpdateAudience {
  distributionId: string;
  /** The embargo revision the update announces. */
  revision: number;
  batchSize: number;
  messageDomain: string;
}

/**
 * One update per journalist holding (or about to receive) the embargoed copy, in their
 * language, threaded to that copy by In-Reply-To, in batches after the distribution's last.
 * Returns the batches that hold them.
 */
export async function insertEmbargoUpdates(db: Db, u: UpdateAudience): Promise<number[]> {
  const now = nowMs(db);
  const base = await db.kysely.selectFrom('deliveries').select((eb) => eb.fn.max('batch').as('last')).where('distribution_id', '=', u.distributionId).executeTakeFirstOrThrow();
  const first = Number(base.last ?? -1) + 1;
  await sql`insert into deliveries (id, distribution_id, kind, revision, target_key, contact_id, address, recipient_name, language, variant,
        batch, status, next_attempt_at, message_id, in_reply_to, created_at, updated_at)
      select x.update_id, ${u.distributionId}, 'embargo_update', ${u.revision}, x.target_key, x.contact_id, x.address, x.recipient_name,
        x.language, 'update', ${first} + cast((x.rn - 1) / ${u.batchSize} as integer), 'queued', ${now},
        '<' || x.update_id || '.1@' || ${u.messageDomain} || '>', x.message_id, ${now}, ${now}
      from (
        select ${newIdSql(db, 'dlv')} as update_id, d.target_key, d.contact_id, d.address, d.recipient_name, d.language, d.message_id,
          row_number() over (order by d.language, d.id) as rn
        from deliveries d
        where d.distribution_id = ${u.distributionId} and d.kind = 'email' and d.variant = 'embargoed'
          and d.status not in ('failed', 'bounced', 'complained', 'suppressed', 'cancelled')
      ) x
      where true
      ${onConflict}`.execute(db.kysely);
  const rows = await db.kysely
    .selectFrom('deliveries')
    .select('batch')
    .distinct()
    .where('distribution_id', '=', u.distributionId)
    .where('kind', '=', 'embargo_update')
    .where('revision', '=', u.revision)
    .execute();
  return rows.map((r) => Number(r.batch));
}
