/**
 * A distribution's email recipients as a CSV for a spreadsheet: who they are, what the
 * relay said, and what happened next — a person's opens and clicks only (a machine's are
 * in the report, apart). Cells go through csvCell, so a name like `=HYPERLINK(…)` stays text.
 */
import { authorize, type Actor } from '../auth/actor.js';
import type { Db } from '../db/client.js';
import { csvFile } from '../text/csv-cell.js';
import { listDeliveries, type DeliveryLine } from './report.js';

export const recipientsHeader = ['Address', 'Name', 'Outlet', 'Lists', 'Status', 'Reason', 'Accepted at', 'Opened', 'Clicked', 'Bounced', 'Complained', 'Replied'] as const;

/** Per delivery: a person's opens and clicks, the bounce's kind, whether it complained, replies. */
interface Afterwards {
  opens: number;
  clicks: number;
  bounce: string;
  complained: boolean;
  replies: number;
}

const page = 1000;
const acceptedStatuses = new Set(['accepted', 'bounced', 'complained']);

export async function recipientsCsv(deps: { db: Db }, actor: Actor, id: string): Promise<string> {
  authorize(actor, 'read');
  const lines: DeliveryLine[] = [];
  for (let after: string | undefined; ; ) {
    const batch = await listDeliveries(deps.db, actor.orgId, id, { kind: 'email', limit: page, after });
    lines.push(...batch);
    if (batch.length < page) break;
    after = batch.at(-1)!.id;
  }
  const afterwards = await afterwardsOf(deps.db, id);
  const rows = lines.map((d) => {
    const a = afterwards.get(d.id);
    const acceptedAt = acceptedStatuses.has(d.status) ? d.finishedAt : null;
    return [d.address, d.name, d.outlet, d.lists.join('; '), d.status, d.reason, acceptedAt, a?.opens ?? 0, a?.clicks ?? 0, a?.bounce ?? '', a?.complained ? 'yes' : '', a?.replies ?? 0];
  });
  return csvFile(recipientsHeader, rows);
}

async function afterwardsOf(db: Db, distributionId: string): Promise<Map<string, Afterwards>> {
  const rows = await db.kysely
    .selectFrom('delivery_events')
    .select(['delivery_id', 'type', 'bounce_kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('distribution_id', '=', distributionId)
    .where('machine', '=', 0)
    .groupBy(['delivery_id', 'type', 'bounce_kind'])
    .execute();
  const byDelivery = new Map<string, Afterwards>();
  for (const r of rows) {
    const a = byDelivery.get(r.delivery_id) ?? { opens: 0, clicks: 0, bounce: '', complained: false, replies: 0 };
    const n = Number(r.n);
    if (r.type === 'open') a.opens += n;
    else if (r.type === 'click') a.clicks += n;
    else if (r.type === 'reply') a.replies += n;
    else if (r.type === 'complaint') a.complained = true;
    // A hard bounce outranks soft ones before it.
    else if (r.type === 'bounce' && a.bounce !== 'hard') a.bounce = r.bounce_kind ?? 'soft';
    byDelivery.set(r.delivery_id, a);
  }
  return byDelivery;
}
