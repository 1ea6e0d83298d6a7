/**
 * What happened after the relay's 250, aggregated from delivery events over one or more
 * distributions: opens and clicks (a person's and a machine's counted apart, never mixed),
 * the links clicked, bounces and complaints with their reasons, and replies.
 * "Unique" counts deliveries; "total" counts events.
 */
import type { Db } from '../db/client.js';
import type { BounceKind } from '../db/schema.js';

export interface Tally {
  unique: number;
  total: number;
}

/** A person's activity next to a machine's (privacy proxies, link scanners). */
export interface HumanAndMachine {
  human: Tally;
  machine: Tally;
}

export interface Engagement {
  opens: HumanAndMachine;
  clicks: HumanAndMachine;
}

export interface LinkClicks extends HumanAndMachine {
  url: string;
}

export interface ProblemEvent {
  deliveryId: string;
  address: string;
  /** A bounce's kind; null for a complaint. */
  kind: BounceKind | null;
  /** An enhanced status code (5.1.1) or a provider's bounce type; a complaint's none. */
  statusCode: string | null;
  /** The diagnostic, or the complaint's feedback type. */
  detail: string | null;
  at: string;
}

export interface ReplyLine {
  deliveryId: string;
  from: string;
  subject: string | null;
  at: string;
}

export interface AfterAcceptance {
  engagement: Engagement;
  links: LinkClicks[];
  bounces: ProblemEvent[];
  complaints: ProblemEvent[];
  replies: { count: number; items: ReplyLine[] };
}

/** Lines listed per kind (bounces, complaints, replies, links): the counts are always whole. */
export const listedLines = 500;

const emptyTally = (): Tally => ({ unique: 0, total: 0 });
const emptyPair = (): HumanAndMachine => ({ human: emptyTally(), machine: emptyTally() });
const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

export async function afterAcceptance(db: Db, distributionIds: string[]): Promise<AfterAcceptance> {
  if (distributionIds.length === 0) return { engagement: { opens: emptyPair(), clicks: emptyPair() }, links: [], bounces: [], complaints: [], replies: { count: 0, items: [] } };
  const [engagement, links, bounces, complaints, replies] = await Promise.all([
    engagementOf(db, distributionIds),
    linksOf(db, distributionIds),
    problemsOf(db, distributionIds, 'bounce'),
    problemsOf(db, distributionIds, 'complaint'),
    repliesOf(db, distributionIds),
  ]);
  return { engagement, links, bounces, complaints, replies };
}

async function engagementOf(db: Db, distributionIds: string[]): Promise<Engagement> {
  const rows = await db.kysely
    .selectFrom('delivery_events')
    .select(['type', 'machine'])
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('delivery_id').distinct().as('unique')])
    .where('distribution_id', 'in', distributionIds)
    .where('type', 'in', ['open', 'click'])
    .groupBy(['type', 'machine'])
    .execute();
  const engagement: Engagement = { opens: emptyPair(), clicks: emptyPair() };
  for (const r of rows) {
    const pair = r.type === 'open' ? engagement.opens : engagement.clicks;
    pair[Number(r.machine) === 1 ? 'machine' : 'human'] = { unique: Number(r.unique), total: Number(r.total) };
  }
  return engagement;
}

/** Clicks per link, the most clicked by people first. */
async function linksOf(db: Db, distributionIds: string[]): Promise<LinkClicks[]> {
  const rows = await db.kysely
    .selectFrom('delivery_events')
    .select(['url', 'machine'])
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('delivery_id').distinct().as('unique')])
    .where('distribution_id', 'in', distributionIds)
    .where('type', '=', 'click')
    .where('url', 'is not', null)
    .groupBy(['url', 'machine'])
    .execute();
  const links = new Map<string, LinkClicks>();
  for (const r of rows) {
    const url = r.url!;
    const link = links.get(url) ?? { url, ...emptyPair() };
    link[Number(r.machine) === 1 ? 'machine' : 'human'] = { unique: Number(r.unique), total: Number(r.total) };
    links.set(url, link);
  }
  return [...links.values()]
    .sort((a, b) => b.human.total - a.human.total || b.machine.total - a.machine.total || a.url.localeCompare(b.url))
    .slice(0, listedLines);
}

async function problemsOf(db: Db, distributionIds: string[], type: 'bounce' | 'complaint'): Promise<ProblemEvent[]> {
  const rows = await db.kysely
    .selectFrom('delivery_events as e')
    .innerJoin('deliveries as d', 'd.id', 'e.delivery_id')
    .select(['e.delivery_id', 'd.address', 'e.bounce_kind', 'e.status_code', 'e.detail', 'e.occurred_at'])
    .where('e.distribution_id', 'in', distributionIds)
    .where('e.type', '=', type)
    .orderBy('e.occurred_at')
    .orderBy('e.id')
    .limit(listedLines)
    .execute();
  return rows.map((r) => ({ deliveryId: r.delivery_id, address: r.address, kind: r.bounce_kind, statusCode: r.status_code, detail: r.detail, at: iso(r.occurred_at) }));
}

async function repliesOf(db: Db, distributionIds: string[]): Promise<{ count: number; items: ReplyLine[] }> {
  const base = db.kysely.selectFrom('delivery_events as e').where('e.distribution_id', 'in', distributionIds).where('e.type', '=', 'reply');
  const [counted, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .innerJoin('deliveries as d', 'd.id', 'e.delivery_id')
      .select(['e.delivery_id', 'd.address', 'e.detail', 'e.occurred_at'])
      .orderBy('e.occurred_at')
      .orderBy('e.id')
      .limit(listedLines)
      .execute(),
  ]);
  return { count: Number(counted.n), items: rows.map((r) => ({ deliveryId: r.delivery_id, from: r.address, subject: r.detail, at: iso(r.occurred_at) })) };
}
