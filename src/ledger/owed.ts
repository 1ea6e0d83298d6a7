/**
 * The one definition of "this delivery is still owed" (and of when it is next workable),
 * as a TypeScript predicate and as SQL generated from the same list. Plan, send,
 * reconcile, cancel, embargo changes and reports all ask here; a copy of this rule
 * elsewhere is how crash recovery once lost rows that were `sending` with a dead lease.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/client.js';
import { greatest, publicFrom } from '../db/dialect.js';
import type { DeliveryStatus } from '../db/schema.js';

/** Statuses that still owe a send attempt: waiting for one, or held by a worker sending it. */
export const owedStatuses = ['queued', 'sending', 'deferred', 'ambiguous'] as const satisfies readonly DeliveryStatus[];
export type OwedStatus = (typeof owedStatuses)[number];

/** Every status, owed ones first. */
export const allStatuses = [...owedStatuses, 'accepted', 'posted', 'dry_run', 'failed', 'bounced', 'complained', 'suppressed', 'cancelled'] as const satisfies readonly DeliveryStatus[];

/** What counts as done well: accepted by the relay, posted, or (an account without credentials) composed and recorded. */
export const successStatuses = ['accepted', 'posted', 'dry_run'] as const satisfies readonly DeliveryStatus[];

export const isOwed = (status: DeliveryStatus): status is OwedStatus => (owedStatuses as readonly string[]).includes(status);

const literalList = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

/** `<alias>.status in ('queued', 'sending', …)`: the owed rule as an SQL condition. */
export function owedSql(alias?: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(alias ? `${alias}.status` : 'status')} in (${literalList(owedStatuses)})`;
}

/**
 * When an owed delivery may next be worked on (epoch ms): a held row when its lease runs out
 * (its holder may have died), a public copy not before the embargo lifts, any other row at
 * its next attempt. Meaningful only together with `owedSql`.
 */
export function dueAtSql(db: Db, distributionId: string | RawBuilder<string>, alias?: string): RawBuilder<number> {
  const col = (name: string) => sql.ref(alias ? `${alias}.${name}` : name);
  return sql<number>`case
      when ${col('status')} = 'sending' then ${col('lease_until')}
      when ${col('variant')} = 'public' then ${greatest(db, sql`${col('next_attempt_at')}`, publicFrom(distributionId))}
      else ${col('next_attempt_at')} end`;
}
