/**
 * Opens and clicks of one distribution, counted once for everyone who shows them (reports,
 * the API, the CLI). Machine events (privacy proxies, link scanners; see machine-activity.ts)
 * are counted apart and never in the human figures.
 */
import type { Db } from '../db/client.js';

export interface Counts {
  /** Deliveries with at least one such event. */
  unique: number;
  /** Every event. */
  total: number;
}

export interface LinkClicks {
  url: string;
  unique: number;
  total: number;
}

export interface Engagement {
  opens: Counts;
  clicks: Counts;
  machine: { opens: Counts; clicks: Counts };
  /** Human clicks per link, most clicked first (ties by URL). */
  topLinks: LinkClicks[];
}

const topLinksShown = 20;

/**
 * Unique and total human opens and clicks of a distribution, machine opens and clicks apart,
 * and the human clicks per link. An open is a pixel load only: a click is not counted as an
 * open too, so "opens" stays what it says when images are blocked.
 */
export async function engagementOf(db: Db, distributionId: string): Promise<Engagement> {
  const rows = await db.kysely
    .selectFrom('delivery_events')
    .select((eb) => ['type', 'machine', eb.fn.count<number>('delivery_id').distinct().as('unique'), eb.fn.countAll<number>().as('total')])
    .where('distribution_id', '=', distributionId)
    .where('type', 'in', ['open', 'click'])
    .groupBy(['type', 'machine'])
    .execute();
  const counts = (type: 'open' | 'click', machine: 0 | 1): Counts => {
    const row = rows.find((r) => r.type === type && Number(r.machine) === machine);
    return { unique: Number(row?.unique ?? 0), total: Number(row?.total ?? 0) };
  };
  const links = await db.kysely
    .selectFrom('delivery_events')
    .select((eb) => ['url', eb.fn.count<number>('delivery_id').distinct().as('unique'), eb.fn.countAll<number>().as('total')])
    .where('distribution_id', '=', distributionId)
    .where('type', '=', 'click')
    .where('machine', '=', 0)
    .where('url', 'is not', null)
    .groupBy('url')
    .orderBy('total', 'desc')
    .orderBy('url')
    .limit(topLinksShown)
    .execute();
  return {
    opens: counts('open', 0),
    clicks: counts('click', 0),
    machine: { opens: counts('open', 1), clicks: counts('click', 1) },
    topLinks: links.map((l) => ({ url: l.url!, unique: Number(l.unique), total: Number(l.total) })),
  };
}
