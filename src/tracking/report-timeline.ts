/**
 * A distribution's outcomes over time, a minute at a time and cumulative: deliveries the
 * relay accepted or refused (by when they finished), and bounces and complaints (by when
 * they happened). A minute in which nothing happened has no point.
 */
import { sql } from 'kysely';
import type { Db } from '../db/client.js';

export interface TimelinePoint {
  /** The start of the minute. */
  at: string;
  accepted: number;
  failed: number;
  bounced: number;
  complained: number;
}

type Series = Exclude<keyof TimelinePoint, 'at'>;
const minute = 60_000;

export async function timelineOf(db: Db, distributionId: string): Promise<TimelinePoint[]> {
  const finished = await db.kysely
    .selectFrom('deliveries')
    .select([sql<number>`finished_at / ${sql.lit(minute)}`.as('bucket'), 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('distribution_id', '=', distributionId)
    .where('kind', '=', 'email')
    .where('finished_at', 'is not', null)
    .where('status', 'in', ['accepted', 'bounced', 'complained', 'failed'])
    .groupBy([sql`finished_at / ${sql.lit(minute)}`, 'status'])
    .execute();
  const events = await db.kysely
    .selectFrom('delivery_events')
    .select([sql<number>`occurred_at / ${sql.lit(minute)}`.as('bucket'), 'type', (eb) => eb.fn.count<number>('delivery_id').distinct().as('n')])
    .where('distribution_id', '=', distributionId)
    .where('type', 'in', ['bounce', 'complaint'])
    .groupBy([sql`occurred_at / ${sql.lit(minute)}`, 'type'])
    .execute();
  const steps: { bucket: number; series: Series; n: number }[] = [
    // A bounced or complained delivery was accepted first: it counts as accepted when it finished.
    ...finished.map((r) => ({ bucket: Number(r.bucket), series: (r.status === 'failed' ? 'failed' : 'accepted') as Series, n: Number(r.n) })),
    ...events.map((r) => ({ bucket: Number(r.bucket), series: (r.type === 'bounce' ? 'bounced' : 'complained') as Series, n: Number(r.n) })),
  ];
  return cumulative(steps);
}

function cumulative(steps: { bucket: number; series: Series; n: number }[]): TimelinePoint[] {
  const running: Record<Series, number> = { accepted: 0, failed: 0, bounced: 0, complained: 0 };
  const points: TimelinePoint[] = [];
  for (const step of steps.sort((a, b) => a.bucket - b.bucket)) {
    running[step.series] += step.n;
    const at = new Date(step.bucket * minute).toISOString();
    if (points.at(-1)?.at === at) points[points.length - 1] = { at, ...running };
    else points.push({ at, ...running });
  }
  return points;
}
