/**
 * Producer side of the queues: typed `enqueue` over the job catalog.
 */
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { AppError } from '../errors.js';
import { catalog, queueNames, type QueueName } from './jobs.js';

export type Payload<Q extends QueueName> = z.infer<(typeof catalog)[Q]['payload']>;

export interface Queues {
  get(name: QueueName): Queue;
  enqueue<Q extends QueueName>(name: Q, payload: Payload<Q>, options?: JobsOptions): Promise<void>;
  enqueueMany<Q extends QueueName>(name: Q, jobs: { payload: Payload<Q>; options?: JobsOptions }[]): Promise<void>;
  /**
   * Make sure the job for this payload is pending: re-add it when Redis lost it or it
   * already finished. Returns true when a job was (re-)added.
   */
  ensure<Q extends QueueName>(name: Q, payload: Payload<Q>, options?: JobsOptions): Promise<boolean>;
  /** Make the job for this payload run at `at` (epoch ms): re-time it, or add it when missing. An active job is left alone. */
  retime<Q extends QueueName>(name: Q, payload: Payload<Q>, at: number): Promise<void>;
  /** Remove the pending job for this payload, if there is one. */
  remove<Q extends QueueName>(name: Q, payload: Payload<Q>): Promise<void>;
  close(): Promise<void>;
}

/** Redis refused or is away: say so as UNAVAILABLE, which the API turns into a 503. */
function unavailable(err: unknown): AppError {
  return new AppError('UNAVAILABLE', 'The queue (Redis) is not reachable; nothing was sent. Try again shortly.', { cause: err });
}

export function createQueues(connection: Redis, prefix: string): Queues {
  const queues = new Map<QueueName, Queue>(
    queueNames.map((name) => [name, new Queue(name, { connection, prefix, skipWaitingForReady: true })]),
  );
  for (const q of queues.values()) q.on('error', () => {}); // reported where a call fails
  const get = (name: QueueName) => queues.get(name)!;
  const jobOptions = <Q extends QueueName>(name: Q, payload: Payload<Q>, options?: JobsOptions): JobsOptions => {
    const entry = catalog[name];
    const jobId = (entry.jobId as (p: Payload<Q>) => string)(payload);
    return { ...entry.defaults, jobId, ...options };
  };
  return {
    get,
    async enqueue(name, payload, options) {
      const entry = catalog[name];
      const data = entry.payload.parse(payload);
      try {
        await get(name).add(entry.job, data, jobOptions(name, payload, options));
      } catch (err) {
        throw unavailable(err);
      }
    },
    async enqueueMany(name, jobs) {
      const entry = catalog[name];
      const bulk = jobs.map(({ payload, options }) => ({ name: entry.job, data: entry.payload.parse(payload), opts: jobOptions(name, payload, options) }));
      try {
        for (let i = 0; i < bulk.length; i += 500) await get(name).addBulk(bulk.slice(i, i + 500));
      } catch (err) {
        throw unavailable(err);
      }
    },
    async ensure(name, payload, options) {
      const queue = get(name);
      const opts = jobOptions(name, payload, options);
      const data = catalog[name].payload.parse(payload);
      try {
        const job = await queue.getJob(opts.jobId!);
        if (job) {
          const state = await job.getState();
          if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return false;
          await job.remove();
        }
        await queue.add(catalog[name].job, data, opts);
        return true;
      } catch (err) {
        throw unavailable(err);
      }
    },
    async retime(name, payload, at) {
      const opts = jobOptions(name, payload);
      const data = catalog[name].payload.parse(payload);
      const delay = Math.max(0, at - Date.now());
      try {
        const job = await get(name).getJob(opts.jobId!);
        const state = job ? await job.getState() : 'unknown';
        if (state === 'active') return;
        if (state === 'delayed') return await job!.changeDelay(delay);
        if (job) await job.remove();
        await get(name).add(catalog[name].job, data, { ...opts, delay });
      } catch (err) {
        throw unavailable(err);
      }
    },
    async remove(name, payload) {
      const jobId = jobOptions(name, payload).jobId!;
      try {
        const job = await get(name).getJob(jobId);
        if (job && (await job.getState()) !== 'active') await job.remove();
      } catch (err) {
        throw unavailable(err);
      }
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
