/**
 * One BullMQ Worker per social account queue, so one network's limits never slow another
 * account or email. Accounts come and go: `sync()` opens a worker for every account that
 * has none yet (it runs at start and with the reconciler).
 */
import { Worker, type WorkerOptions } from 'bullmq';
import type { Context } from '../src/context.js';
import { postSocialDelivery, type PostDeps } from '../src/distribution/post-social.js';
import { catalog } from '../src/queue/jobs.js';
import { later } from './later.js';

export interface SocialWorkers {
  sync(): Promise<void>;
  close(force?: boolean): Promise<void>;
}

export function socialWorkers(ctx: Context, deps: PostDeps, common: Omit<WorkerOptions, 'concurrency'>): SocialWorkers {
  const workers = new Map<string, Worker>();
  const open = (accountId: string) => {
    const queueName = catalog.social.queue({ accountId, deliveryId: 'dlv_' });
    const worker = new Worker(
      queueName,
      async (job, token) => {
        const payload = catalog.social.payload.parse(job.data);
        const result = await postSocialDelivery(deps, payload);
        if (result.kind === 'done') return;
        // A rate limit holds the whole account queue until the network's reset.
        if (result.kind === 'throttled') await ctx.queues.get(queueName).rateLimit(result.ms);
        await later(job, token, result.at);
      },
      // One post at a time per account keeps threads in order and rate limits honest.
      { ...common, concurrency: 1, limiter: { max: 1_000_000, duration: 1000 } },
    );
    worker.on('error', (err) => ctx.logger.error({ account: accountId, err }, 'social worker error'));
    workers.set(accountId, worker);
  };
  return {
    async sync() {
      const accounts = await ctx.db.kysely.selectFrom('social_accounts').select('id').execute();
      for (const { id } of accounts) if (!workers.has(id)) open(id);
    },
    async close(force = false) {
      await Promise.all([...workers.values()].map((w) => w.close(force)));
    },
  };
}
