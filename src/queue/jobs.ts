/**
 * The job catalog: every job, the queue it goes to, its payload schema and default
 * options. Payloads hold ids only — never content or secrets: BullMQ keeps
 * job data in clear text, and the database is the source of truth.
 *
 * Handlers parse payloads with these schemas, since a job can outlive the code that
 * wrote it.
 */
import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

export const PlanPayload = z.object({ distributionId: z.string().startsWith('dst_') });
export type PlanPayload = z.infer<typeof PlanPayload>;

export const PostPayload = z.object({
  accountId: z.string().startsWith('acct_'),
  deliveryId: z.string().startsWith('dlv_'),
});
export type PostPayload = z.infer<typeof PostPayload>;

export const WebhookPayload = z.object({ messageId: z.string().startsWith('msg_') });
export type WebhookPayload = z.infer<typeof WebhookPayload>;

export const SendBatchPayload = z.object({
  distributionId: z.string().startsWith('dst_'),
  batch: z.number().int().min(0),
});
export type SendBatchPayload = z.infer<typeof SendBatchPayload>;

/**
 * Job-level retries cover infrastructure failures only (database, Redis): whether a
 * recipient is retried is decided by the delivery ledger, not by BullMQ attempts.
 * The backoff doubles from a second but stops at ten, so work resumes within seconds of
 * a database coming back however long it was away (plain exponential backoff would wait
 * minutes after an outage of one).
 */
export const infrastructureBackoff = (attemptsMade: number): number => {
  const ceiling = Math.min(10_000, 1000 * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
};

/**
 * An endpoint's retries: doubling from `baseMs` (WEBHOOK_RETRY_BASE_MS, 10 s), each with up to
 * a tenth of jitter so endpoints that came back together are not hit together.
 */
export const webhookBackoff =
  (baseMs: number) =>
  (attemptsMade: number): number => {
    const delay = baseMs * 2 ** Math.max(0, attemptsMade - 1);
    return Math.round(delay + (Math.random() * delay) / 10);
  };

const retryInfrastructure = (attempts: number) =>
  ({
    attempts,
    backoff: { type: 'infrastructure' },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  }) satisfies JobsOptions;

export const catalog = {
  /** Resolves a distribution's audience into delivery rows, renders variants once, enqueues batches. */
  plan: {
    job: 'distribution.plan',
    payload: PlanPayload,
    queue: () => 'plan',
    jobId: (p: PlanPayload) => `plan-${p.distributionId}`,
    defaults: retryInfrastructure(20),
  },
  /**
   * Sends one batch of email deliveries. The job lives until its batch owes nothing:
   * retries of deferred rows re-delay the same job, so its id stays deterministic and
   * the reconciler can tell a lost job from a pending one.
   */
  email: {
    job: 'email.send-batch',
    payload: SendBatchPayload,
    queue: () => 'email',
    jobId: (p: SendBatchPayload) => `send-${p.distributionId}-${p.batch}`,
    defaults: retryInfrastructure(50),
  },
  /**
   * Publishes one social delivery (a post, or a thread item by item). One queue per account:
   * a network's rate limit on one account never slows another account or email.
   */
  social: {
    job: 'social.post',
    payload: PostPayload,
    queue: (p: PostPayload) => `social-${p.accountId}`,
    jobId: (p: PostPayload) => `post-${p.deliveryId}`,
    defaults: retryInfrastructure(50),
  },
  /**
   * Delivers one event to one organisation's webhook endpoint (signed when sent, from the stored
   * message). Here BullMQ's attempts are the endpoint's retries (`webhookBackoff`, which the
   * webhooks worker applies): doubling from 10 s, about 45 hours in all, each recorded in the
   * webhook delivery log.
   */
  webhook: {
    job: 'webhook.deliver',
    payload: WebhookPayload,
    queue: () => 'webhooks',
    jobId: (p: WebhookPayload) => `webhook-${p.messageId}`,
    defaults: { attempts: 15, backoff: { type: 'webhook' }, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } } satisfies JobsOptions,
  },
} as const;

export type JobName = keyof typeof catalog;
/** The queues that exist whatever the accounts (social queues come and go with accounts). */
export const fixedQueues = ['plan', 'email', 'webhooks'] as const;
