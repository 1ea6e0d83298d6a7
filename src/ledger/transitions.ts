/**
 * The state machines of the ledger, written out once: which status may follow which.
 * Every ledger write names the move it makes, and its SQL only touches rows whose
 * current status allows that move, so a stray write cannot resurrect a finished
 * delivery or reopen a cancelled distribution.
 */
import type { DeliveryStatus, DistributionStatus } from '../db/schema.js';

const finished = [] as const;

export const deliveryMoves = {
  queued: ['sending', 'cancelled'],
  deferred: ['sending', 'cancelled'],
  ambiguous: ['sending', 'cancelled'],
  // A held row: its outcome; back untouched (queued, deferred); reclaimed by the next holder
  // once its lease ran out (sending); or cancelled when its holder died and nobody will send it.
  sending: ['sending', 'queued', 'deferred', 'ambiguous', 'accepted', 'posted', 'dry_run', 'failed', 'bounced', 'suppressed', 'cancelled'],
  // What the relay took can still bounce later (a DSN, a provider's event) or be reported as spam.
  accepted: ['bounced', 'complained'],
  posted: finished,
  dry_run: finished,
  // Someone asked to retry what failed (distribution/retry.ts): the row is owed again, due at once.
  // Only `failed`: a bounced or suppressed address is never tried again.
  failed: ['queued'],
  bounced: finished,
  complained: finished,
  suppressed: finished,
  cancelled: finished,
} as const satisfies Record<DeliveryStatus, readonly DeliveryStatus[]>;

export const distributionMoves = {
  // Two-person approval: approved, it is scheduled or planned; a change to what was approved sends it back.
  awaiting_approval: ['scheduled', 'planning', 'cancelled'],
  scheduled: ['planning', 'awaiting_approval', 'cancelled'],
  planning: ['sending', 'cancelled'],
  sending: ['completed', 'completed_with_failures', 'paused', 'cancelled'],
  paused: ['sending', 'cancelled'],
  // An embargo change after the end owes the early recipients an update: the distribution reopens.
  completed: ['sending'],
  completed_with_failures: ['sending'],
  cancelled: [],
} as const satisfies Record<DistributionStatus, readonly DistributionStatus[]>;

/** A distribution that ended: it changes again only if someone acts (an embargo change reopens it). */
export const finishedDistribution = (status: DistributionStatus): boolean => ['completed', 'completed_with_failures', 'cancelled'].includes(status);

type Moves<S extends string> = Record<S, readonly S[]>;

function sourcesOf<S extends string>(moves: Moves<S>, to: S): S[] {
  return (Object.keys(moves) as S[]).filter((from) => moves[from].includes(to));
}

/** The delivery statuses from which a row may become `to`. */
export const deliveryFrom = (to: DeliveryStatus): DeliveryStatus[] => sourcesOf<DeliveryStatus>(deliveryMoves, to);
/** The distribution statuses from which a distribution may become `to`. */
export const distributionFrom = (to: DistributionStatus): DistributionStatus[] => sourcesOf<DistributionStatus>(distributionMoves, to);

export const canMoveDelivery = (from: DeliveryStatus, to: DeliveryStatus): boolean => (deliveryMoves[from] as readonly DeliveryStatus[]).includes(to);

/** A move the table does not allow is a bug in the caller, never a state to store. */
export function assertDeliveryMove(from: DeliveryStatus, to: DeliveryStatus): void {
  if (!canMoveDelivery(from, to)) throw new Error(`delivery status cannot move from ${from} to ${to}`);
}
