/**
 * How much work waits in each queue, and for how long, read from BullMQ on scrape.
 */
import type { Job } from 'bullmq';
import type { Db } from '../db/client.js';
import { catalog, fixedQueues } from '../queue/jobs.js';
import type { Queues } from '../queue/queues.js';

export const queueStates = ['waiting', 'delayed', 'active', 'failed'] as const;
export type QueueState = (typeof queueStates)[number];

export interface QueueDepth {
  queue: string;
  jobs: Record<QueueState, number>;
  /** Seconds the oldest waiting job has waited; 0 when none waits. */
  oldestWaitingSeconds: number;
}

/** The fixed queues, and one per social account. */
export async function queueNames(db: Db): Promise<string[]> {
  const accounts = await db.kysely.selectFrom('social_accounts').select('id').orderBy('id').execute();
  // The catalog names a social queue from its payload; only the account matters.
  return [...fixedQueues, ...accounts.map((a) => catalog.social.queue({ accountId: a.id, deliveryId: 'dlv_' }))];
}

/**
 * When a job began to wait: when it was added, or when its delay ended, or (for a job brought
 * back later by its own handler, which BullMQ does not time-stamp) when it last ran.
 */
function waitingSince(job: Job): number {
  return Math.max(job.timestamp + (job.opts.delay ?? 0), job.processedOn ?? 0);
}

export async function queueDepth(queues: Queues, name: string, now: number): Promise<QueueDepth> {
  const queue = queues.get(name);
  // Jobs with a priority wait in a list of their own: they are waiting all the same.
  const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed');
  // The oldest of each list (one each): the earliest of them has waited longest.
  const heads = (await queue.getJobs(['waiting', 'prioritized'], 0, 0, true)).filter(Boolean);
  // A job finished and removed between the two reads comes back without its times: left out.
  const times = heads.map(waitingSince).filter(Number.isFinite);
  const since = times.length > 0 ? Math.min(...times) : undefined;
  return {
    queue: name,
    jobs: {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      delayed: counts.delayed ?? 0,
      active: counts.active ?? 0,
      failed: counts.failed ?? 0,
    },
    oldestWaitingSeconds: since === undefined ? 0 : Math.max(0, (now - since) / 1000),
  };
}
