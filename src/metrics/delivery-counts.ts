/**
 * What the delivery ledger says, aggregated for a scrape: one grouped query per figure, so
 * every process answering a scrape reports the whole installation, however many workers send.
 */
import { sql } from 'kysely';
import type { Db } from '../db/client.js';
import type { DeliveryKind } from '../db/schema.js';

/** The send rate is measured over this window. */
export const rateWindowMs = 60_000;
/** Relay replies are counted over this window. */
export const replyWindowMs = 24 * 3600_000;
/** Bounce and complaint rates are measured over this window. */
export const rateOfReturnsWindowMs = 30 * 24 * 3600_000;

/** An embargo update is an email like the release itself (same relay, same queue); social deliveries are named by network. */
export function channelOf(kind: DeliveryKind, network: string | null): string {
  return kind === 'social' ? (network ?? 'social') : 'email';
}

export interface DeliveryCount {
  org: string;
  channel: string;
  status: string;
  count: number;
  /** Of them, finished within the rate window. */
  recent: number;
}

export async function deliveryCounts(db: Db, now: number): Promise<DeliveryCount[]> {
  const rows = await db.kysely
    .selectFrom('deliveries as d')
    .innerJoin('distributions as s', 's.id', 'd.distribution_id')
    .leftJoin('social_accounts as a', 'a.id', 'd.account_id')
    .select(['s.org_id', 'd.kind', 'a.network', 'd.status'])
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.sum<number | string>(eb.case().when('d.finished_at', '>=', now - rateWindowMs).then(1).else(0).end()).as('recent'),
    ])
    .groupBy(['s.org_id', 'd.kind', 'a.network', 'd.status'])
    .execute();
  // Email and embargo updates share a channel: their groups are added up.
  const byKey = new Map<string, DeliveryCount>();
  for (const r of rows) {
    const channel = channelOf(r.kind, r.network);
    const key = `${r.org_id}\n${channel}\n${r.status}`;
    const entry = byKey.get(key) ?? { org: r.org_id, channel, status: r.status, count: 0, recent: 0 };
    entry.count += Number(r.n);
    entry.recent += Number(r.recent);
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

export async function relayReplies(db: Db, now: number): Promise<Map<string, number>> {
  const rows = await db.kysely
    .selectFrom('delivery_attempts as t')
    .innerJoin('deliveries as d', 'd.id', 't.delivery_id')
    .select('t.code')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('d.kind', '!=', 'social')
    .where('t.finished_at', '>=', now - replyWindowMs)
    .groupBy('t.code')
    .execute();
  const classes = new Map<string, number>(['2xx', '4xx', '5xx', 'none'].map((c) => [c, 0]));
  for (const r of rows) {
    const cls = replyClass(r.code);
    classes.set(cls, (classes.get(cls) ?? 0) + Number(r.n));
  }
  return classes;
}

export interface ReturnCounts {
  org: string;
  /** Email deliveries the relay took (accepted, or bounced or complained about since). */
  accepted: number;
  /** Of them, deliveries with at least one bounce event (hard or soft). */
  bounced: number;
  /** Of them, deliveries with at least one complaint. */
  complained: number;
}

/** Whether delivery `d` has an event of this type (an index lookup: delivery_events_delivery). */
const hasEvent = (type: 'bounce' | 'complaint') => sql<boolean>`exists (select 1 from delivery_events e where e.delivery_id = d.id and e.type = ${type})`;

/**
 * Per organisation, over the window: email deliveries the relay accepted, and how many came
 * back. A copy the relay refused at once (bounced at RCPT) was never accepted: it is in neither.
 */
export async function returnCounts(db: Db, now: number): Promise<ReturnCounts[]> {
  const rows = await db.kysely
    .selectFrom('deliveries as d')
    .innerJoin('distributions as s', 's.id', 'd.distribution_id')
    .select('s.org_id')
    .select((eb) => {
      const count = (type: 'bounce' | 'complaint') => eb.fn.sum<number | string>(eb.case().when(hasEvent(type)).then(1).else(0).end()).as(type);
      return [eb.fn.countAll<number | string>().as('accepted'), count('bounce'), count('complaint')];
    })
    .where('d.kind', '!=', 'social')
    .where('d.finished_at', '>=', now - rateOfReturnsWindowMs)
    // Bounced after acceptance, a delivery carries its bounce event (recordDeliveryEvent).
    .where((eb) =>
      eb.or([
        eb('d.status', 'in', ['accepted', 'complained']),
        eb.and([eb('d.status', '=', 'bounced'), hasEvent('bounce')]),
      ]),
    )
    .groupBy('s.org_id')
    .execute();
  return rows.map((r) => ({ org: r.org_id, accepted: Number(r.accepted), bounced: Number(r.bounce), complained: Number(r.complaint) }));
}
