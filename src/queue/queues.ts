/**
 * Producer side of the queues: typed `enqueue` over the job catalog. Queues are opened
 * on first use, since social queues exist one per account.
 */
import { Queue, type Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { AppError } from '../errors.js';
import { catalog, type JobName } from './jobs.js';

export type Payload<J extends JobName> = z.infer<(typeof catalog)[J]['payload']>;

export interface Queues {
  /** A queue by its name ('plan', 'email', 'social-<account>'). */
  get(queueName: string): Queue;
  enqueue<J extends JobName>(name: J, payload: Payload<J>, options?: JobsOptions): Promise<void>;
  enqueueMany<J extends JobName>(name: J, jobs: { payload: Payload<J>; options?: JobsOptions }[]): Promise<void>;
  /**
   * Make sure the job for this payload is pending: re-add it when Redis lost it or it
   * already finished — and `stillNeeded()`, asked after that, agrees (the job may have just
   * done its work). Returns the state it was found in when it was (re-)added.
   */
  ensure<J extends JobName>(name: J, payload: Payload<J>, options?: JobsOptions, stillNeeded?: () => Promise<boolean>): Promise<string | undefined>;
  /** Make the job for this payload run at `at` (epoch ms): re-time it, or add it when missing. An active job is left alone. */
  retime<J extends JobName>(name: J, payload: Payload<J>, at: number): Promise<void>;
  /** Remove the pending job for this payload, if there is one. */
  remove<J extends JobName>(name: J, payload: Payload<J>): Promise<void>;
  close(): Promise<void>;
}

/** Redis refused or is away: say so as UNAVAILABLE, which the API turns into a 503. */
function unavailable(err: unknown): AppError {
  return new AppError('UNAVAILABLE', 'The queue (Redis) is not reachable; nothing was sent. Try again shortly.', { cause: err });
}

async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw unavailable(err);
  }
}

type State = Awaited<ReturnType<Job['getState']>> | 'missing';

export function createQueues(connection: Redis, prefix: string): Queues {
  const queues = new Map<string, Queue>();
  const get = (queueName: string) => {
    let queue = queues.get(queueName);
    if (!queue) {
      queue = new Queue(queueName, { connection, prefix, skipWaitingForReady: true });
      queue.on('error', () => {}); // reported where a call fails
      queues.set(queueName, queue);
    }
    return queue;
  };
  /** Where a payload's job goes, how it is added, and what state it is in now. */
  const address = <J extends JobName>(name: J, payload: Payload<J>, options?: JobsOptions) => {
    const entry = catalog[name] as unknown as { job: string; payload: z.ZodTypeAny; queue: (p: Payload<J>) => string; jobId: (p: Payload<J>) => string; defaults: JobsOptions };
    const data = entry.payload.parse(payload) as Payload<J>;
    const queue = get(entry.queue(data));
    const opts: JobsOptions = { ...entry.defaults, jobId: entry.jobId(data), ...options };
    const current = async (): Promise<{ job?: Job; state: State }> => {
      const job = await queue.getJob(opts.jobId!);
      return { job, state: job ? await job.getState() : 'missing' };
    };
    return { queue, job: entry.job, data, opts, current };
  };

  return {
    get,
    async enqueue(name, payload, options) {
      const a = address(name, payload, options);
      await guarded(() => a.queue.add(a.job, a.data, a.opts));
    },
    async enqueueMany(name, jobs) {
      const byQueue = new Map<Queue, { name: string; data: unknown; opts: JobsOptions }[]>();
      for (const { payload, options } of jobs) {
        const a = address(name, payload, options);
        byQueue.set(a.queue, [...(byQueue.get(a.queue) ?? []), { name: a.job, data: a.data, opts: a.opts }]);
      }
      await guarded(async () => {
        for (const [queue, bulk] of byQueue) for (let i = 0; i < bulk.length; i += 500) await queue.addBulk(bulk.slice(i, i + 500));
      });
    },
    async ensure(name, payload, options, stillNeeded) {
      const a = address(name, payload, options);
      return guarded(async () => {
        const { job, state } = await a.current();
        if (state !== 'completed' && state !== 'failed' && state !== 'missing' && state !== 'unknown') return undefined;
        if (stillNeeded && !(await stillNeeded())) return undefined;
        await job?.remove();
        await a.queue.add(a.job, a.data, a.opts);
        return state;
      });
    },
    async retime(name, payload, at) {
      const a = address(name, payload);
      const delay = Math.max(0, at - Date.now());
      await guarded(async () => {
        const { job, state } = await a.current();
        if (state === 'active') return;
        if (state === 'delayed') return job!.changeDelay(delay);
        await job?.remove();
        await a.queue.add(a.job, a.data, { ...a.opts, delay });
      });
    },
    async remove(name, payload) {
      const a = address(name, payload);
      await guarded(async () => {
        const { job, state } = await a.current();
        if (job && state !== 'active') await job.remove();
      });
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
