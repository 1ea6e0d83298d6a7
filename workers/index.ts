/**
 * Worker processes: BullMQ Workers wired to the job handlers, the reconciler timer,
 * and an orderly shutdown. No business logic lives here.
 */
import { Worker, type Job } from 'bullmq';
import type { Context } from '../src/context.js';
import { DkimKeys } from '../src/dkim/signing-keys.js';
import { MessageCache } from '../src/distribution/email-message.js';
import { planDistribution } from '../src/distribution/plan.js';
import { reconcile } from '../src/distribution/reconciler.js';
import { sendEmailBatch, type BatchResult, type SendDeps } from '../src/distribution/send-email.js';
import { pauseEmail } from '../src/distribution/pause.js';
import { catalog, infrastructureBackoff, webhookBackoff } from '../src/queue/jobs.js';
import { connectRedis } from '../src/queue/connection.js';
import { createSendRate, sendRateKey } from '../src/queue/send-rate.js';
import { later } from './later.js';
import { sendingChannel } from './relays.js';
import { socialWorkers } from './social.js';
import { webhooksWorker } from './webhooks.js';

export interface WorkerOptions {
  /** Batches sent at once by this process. */
  concurrency?: number;
  /** The port the development outbox actually listens on, when started in this process. */
  outboxPort?: number;
}

export interface Workers {
  /** Stop taking jobs, let in-flight sends finish (up to `graceMs`), close connections. */
  close(graceMs?: number): Promise<void>;
}

const sleep = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());

async function afterBatch(ctx: Context, job: Job, token: string | undefined, result: BatchResult): Promise<void> {
  if (result.kind === 'done') return;
  if (result.kind === 'auth_failed') await pauseEmail(ctx, `The SMTP relay refused our credentials (${result.reply}).`, result.at);
  await later(job, token, result.kind === 'auth_failed' ? ctx.clock.now() : result.at);
}

export async function startWorkers(ctx: Context, options: WorkerOptions = {}): Promise<Workers> {
  const { config, logger } = ctx;
  const email = sendingChannel(ctx, options.outboxPort);
  let stopping = false;
  const sendDeps: SendDeps = {
    db: ctx.db,
    email,
    logger,
    tokens: ctx.tokens,
    messages: new MessageCache(),
    dkim: new DkimKeys(ctx),
    workerId: ctx.processId,
    retry: config.retry,
    rate: createSendRate(ctx.redis, sendRateKey(config.redis.prefix), { minRate: 1, liftAfterMs: 30_000, idleMs: 10 * 60_000 }),
    config: {
      publicUrl: config.publicUrl,
      mailFrom: config.mailFrom,
      inbound: config.inbound,
      leaseMs: config.worker.leaseMs,
      // Messages claimed and marked as handed over together: larger windows mean fewer ledger
      // writes; smaller ones, fewer deliveries flagged as possible duplicates after a crash.
      // Measured in bench/README.md: 2 × pool loses a third of the throughput, 5 × pool does not.
      window: config.smtp.poolSize * 5,
      recordRetryMs: 5 * 60_000,
    },
    clock: ctx.clock,
    queues: ctx.queues,
    stopping: () => stopping,
  };
  const common = {
    connection: connectRedis(config.redis.url, 'worker'),
    prefix: config.redis.prefix,
    lockDuration: config.worker.lockMs,
    stalledInterval: config.worker.stalledIntervalMs,
    // Every job resumes where its rows say it stopped, so a job whose worker was killed more
    // than once is worth taking up again; the reconciler brings back any that fail anyway.
    maxStalledCount: 10,
    settings: { backoffStrategy: infrastructureBackoff },
  };

  const planWorker = new Worker(
    'plan',
    async (job, token) => {
      const result = await planDistribution(ctx, catalog.plan.payload.parse(job.data).distributionId);
      if (result.kind === 'later') await later(job, token, result.at);
    },
    { ...common, concurrency: 2 },
  );
  const emailWorker = new Worker(
    'email',
    async (job, token) => afterBatch(ctx, job, token, await sendEmailBatch(sendDeps, catalog.email.payload.parse(job.data))),
    // The relay's pace is kept by the shared send rate inside the job, not by a queue limiter.
    { ...common, concurrency: options.concurrency ?? config.worker.concurrency },
  );
  for (const w of [planWorker, emailWorker]) {
    w.on('error', (err) => logger.error({ queue: w.name, err }, 'worker error'));
    w.on('failed', (job, err) => logger.error({ queue: w.name, job: job?.id, attempts: job?.attemptsMade, err, cause: err.cause }, 'job failed'));
  }
  const webhooks = webhooksWorker(ctx, { ...common, settings: { backoffStrategy: webhookBackoff(config.webhooks.retryBaseMs) } });
  const social = socialWorkers(ctx, { ...ctx, workerId: ctx.processId, retry: config.retry, social: config.social, leaseMs: config.worker.leaseMs, clients: new Map() }, common);
  await social.sync();

  const settleMs = Math.min(config.worker.reconcileIntervalMs, 10_000);
  const runReconciler = () =>
    social
      .sync()
      .then(() => reconcile({ ...ctx, settleMs }))
      .catch((err) => logger.warn({ err }, 'reconciler could not run'));
  const timer = setInterval(runReconciler, config.worker.reconcileIntervalMs);
  timer.unref();
  // At once too: a process that starts after a crash or a Redis restart should not wait an interval.
  void runReconciler();

  return {
    async close(graceMs = config.worker.shutdownGraceMs) {
      stopping = true;
      clearInterval(timer);
      const closing = Promise.all([planWorker.close(), emailWorker.close(), webhooks.close(), social.close()]);
      if ((await Promise.race([closing, sleep(graceMs)])) === 'timeout') {
        logger.warn({ graceMs }, 'shutdown grace period over; abandoning in-flight jobs (they will be reclaimed)');
        await Promise.all([planWorker.close(true), emailWorker.close(true), webhooks.close(true), social.close(true)]);
      }
      await email.close?.();
      common.connection.disconnect();
    },
  };
}
