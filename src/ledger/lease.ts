/**
 * Keeping a claim alive: the holder of claimed rows renews their lease while it works on
 * them (as BullMQ renews a job's lock), so a lease can be short. A holder that dies stops
 * renewing, and its rows are free to the next claimer within one lease.
 */
import type { Db } from '../db/client.js';
import { renewLeases } from './deliveries.js';

export interface HeldLease {
  /** Stop renewing (the rows were recorded, given back, or their holder is giving up). */
  stop(): void;
}

export function holdLease(db: Db, ids: string[], owner: string, leaseMs: number, onError: (err: unknown) => void): HeldLease {
  // Three renewals per lease: one late or failed renewal (a slow database) does not lose it.
  const timer = setInterval(() => renewLeases(db, ids, owner, leaseMs).catch(onError), Math.max(100, Math.floor(leaseMs / 3)));
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
