/**
 * What the delivery ledger says, aggregated for a scrape, so every process answering a scrape
 * reports the whole installation however many workers send. Deliveries are read in one grouped
 * scan (grouped before any join); events and attempts in one grouped query each.
 */
import { sql } from 'kysely';
import type { Db } from '../db/client.js';
import type { DeliveryKind, DeliveryStatus } from '../db/schema.js';

/** The send rate is measured over this window. */
export const rateWindowMs = 60_000;
/** Relay replies are counted over this window. */
export const replyWindowMs = 24 * 3600_000;
/** Bounce and complaint rates are measured over this window. */
export const returnsWindowMs = 30 * 24 * 3600_000;

/** An embargo update is an email like the release itself (same relay, same queue); social deliveries are named by network. */
export function channelOf(kind: DeliveryKind, network: string | null): string {
  return kind === 'social' ? (network ?? 'social') : 'email';
}

export interface DeliveryCount {
  org: string;
  channel: string;
  status: DeliveryStatus;
  count: number;
  /** Of them, finished within the rate window. */
  lastMinute: number;
  /** Of them, finished within the returns window. */
  lastMonth: number;
}

const n = (v: number | string | bigint | null) => Number(v ?? 0);

export async function deliveryCounts(db: Db, now: number): Promise<DeliveryCount[]> {
  const finishedSince = (since: number) => sql<number>`sum(case when finished_at >= ${since} then 1 else 0 end)`;
  const groups = db.kysely
    .selectFrom('deliveries')
    .select(['distribution_id', 'status', 'kind', 'account_id'])
    .select((eb) => [eb.fn.countAll<number>().as('n'), finishedSince(now - rateWindowMs).as('minute'), finishedSince(now - returnsWindowMs).as('month')])
    // In the order of the index on (distribution_id, status).
    .groupBy(['distribution_id', 'status', 'kind', 'account_id'])
    .as('g');
  const rows = await db.kysely
    .selectFrom(groups)
    .innerJoin('distributions as s', 's.id', 'g.distribution_id')
    .leftJoin('social_accounts as a', 'a.id', 'g.account_id')
    .select(['s.org_id', 'g.kind', 'a.network', 'g.status'])
    .select((eb) => [eb.fn.sum<number>('g.n').as('n'), eb.fn.sum<number>('g.minute').as('minute'), eb.fn.sum<number>('g.month').as('month')])
    .groupBy(['s.org_id', 'g.kind', 'a.network', 'g.status'])
    .execute();
  // Email and embargo updates share a channel: their groups are added up.
  const byKey = new Map<string, DeliveryCount>();
  for (const r of rows) {
    const channel = channelOf(r.kind, r.network);
    const key = `${r.org_id}\n${channel}\n${r.status}`;
    const entry = byKey.get(key) ?? { org: r.org_id, channel, status: r.status, count: 0, lastMinute: 0, lastMonth: 0 };
    entry.count += n(r.n);
    entry.lastMinute += n(r.minute);
    entry.lastMonth += n(r.month);
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

/** SMTP reply classes of email attempts; `none` is an attempt that got no reply (connection lost, timeout). */
export function replyClass(code: number | null): string {
  if (code === null) return 'none';
  const cls = Math.floor(code / 100);
  return cls === 2 || cls === 4 || cls === 5 ? `${cls}xx` : 'other';
}

/**
 * Attempts by reply class over the window. Social attempts record HTTP statuses: they are
 * counted apart (few, found from their deliveries) and taken off, which spares joining every
 * email attempt to its delivery.
 */
export async function relayReplies(db: Db, now: number): Promise<Map<string, number>> {
  const since = now - replyWindowMs;
  const [all, social] = await Promise.all([
    db.kysely.selectFrom('delivery_attempts').select('code').select((eb) => eb.fn.countAll<number>().as('n')).where('finished_at', '>=', since).groupBy('code').execute(),
    db.kysely
      .selectFrom('delivery_attempts')
      .select('code')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('delivery_id', 'in', (eb) => eb.selectFrom('deliveries').select('id').where('kind', '=', 'social'))
      .where('finished_at', '>=', since)
      .groupBy('code')
      .execute(),
  ]);
  const classes = new Map<string, number>(['2xx', '4xx', '5xx', 'none'].map((c) => [c, 0]));
  const add = (code: number | null, count: number) => classes.set(replyClass(code), (classes.get(replyClass(code)) ?? 0) + count);
  for (const r of all) add(r.code, n(r.n));
  for (const r of social) add(r.code, -n(r.n));
  return classes;
}

export interface ReturnCounts {
  org: string;
  /** Email deliveries the relay accepted (bounced or complained about since included). */
  accepted: number;
  /** Of them, deliveries with at least one bounce event (hard or soft). */
  bounced: number;
  /** Of them, deliveries with at least one complaint. */
  complained: number;
}

/**
 * Per organisation, over the window: email deliveries the relay accepted, and how many came
 * back. A copy the relay refused at once (bounced at RCPT) was never accepted: it is in neither.
 * Built from the delivery counts and one query over the (far fewer) events.
 */
export async function returnCounts(db: Db, counts: DeliveryCount[], now: number): Promise<ReturnCounts[]> {
  const events = await db.kysely
    .selectFrom('delivery_events as e')
    .innerJoin('deliveries as d', 'd.id', 'e.delivery_id')
    .select(['e.org_id', 'e.type'])
    .select((eb) => [
      eb.fn.count<number>('e.delivery_id').distinct().as('deliveries'),
      // A delivery bounced after acceptance is still one the relay accepted.
      sql<number>`count(distinct case when d.status = 'bounced' then e.delivery_id end)`.as('moved'),
    ])
    .where('e.type', 'in', ['bounce', 'complaint'])
    .where('d.kind', '!=', 'social')
    .where('d.status', 'in', ['accepted', 'bounced', 'complained'])
    .where('d.finished_at', '>=', now - returnsWindowMs)
    .groupBy(['e.org_id', 'e.type'])
    .execute();
  const byOrg = new Map<string, ReturnCounts>();
  const of = (org: string) => byOrg.get(org) ?? byOrg.set(org, { org, accepted: 0, bounced: 0, complained: 0 }).get(org)!;
  for (const c of counts) if (c.channel === 'email' && (c.status === 'accepted' || c.status === 'complained')) of(c.org).accepted += c.lastMonth;
  for (const e of events) {
    const r = of(e.org_id);
    if (e.type === 'bounce') {
      r.bounced += n(e.deliveries);
      r.accepted += n(e.moved);
    } else r.complained += n(e.deliveries);
  }
  return [...byOrg.values()].filter((r) => r.accepted > 0);
}
