/**
 * The webhooks queue's Worker: each job delivers one stored message. A failed attempt is
 * expected (an endpoint that is down) and is logged as a warning; BullMQ retries it on the
 * webhook backoff until its last attempt.
 */
import { Worker, type WorkerOptions } from 'bullmq';
import type { Context } from '../src/context.js';
import { catalog } from '../src/queue/jobs.js';
import { webhookDeliverer } from '../src/webhooks/deliver.js';

export function webhooksWorker(ctx: Context, common: Omit<WorkerOptions, 'concurrency'>): Worker {
  const deliver = webhookDeliverer({ ...ctx, webhooks: ctx.config.webhooks });
  const worker = new Worker(
    'webhooks',
    async (job) => {
      const { messageId } = catalog.webhook.payload.parse(job.data);
      await deliver(messageId, { final: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
    },
    // Endpoints answer slowly or not at all: many at once keeps one slow receiver from holding up the rest.
    { ...common, concurrency: 20 },
  );
  worker.on('error', (err) => ctx.logger.error({ queue: 'webhooks', err }, 'worker error'));
  worker.on('failed', (job, err) => ctx.logger.warn({ queue: 'webhooks', job: job?.id, attempts: job?.attemptsMade, reason: err.message }, 'webhook attempt failed; it is retried'));
  return worker;
}
