/**
 * Delivering one stored message to its endpoint (the `webhook.deliver` job): signed as the
 * Standard Webhooks scheme says (`webhook-id`, `webhook-timestamp`, `webhook-signature` =
 * `v1,` + base64 HMAC-SHA256 over id.timestamp.body), POSTed through the outbound policy —
 * every connection checks the address it goes to, so a name that now resolves to this
 * machine's network is refused — with a timeout, and a redirect is not followed. A 2xx
 * answer delivers it; anything else is recorded on the message and thrown, so BullMQ retries
 * with backoff, until the last attempt marks it failed.
 */
import { Webhook } from 'standardwebhooks';
import type { SecretBox } from '../accounts/secret-box.js';
import type { Db } from '../db/client.js';
import { guardedFetch } from '../net/guarded-fetch.js';
import { RefusedRequest, type OutboundPolicy } from '../net/outbound-policy.js';
import { openSecret } from './endpoints.js';

export interface DeliverDeps {
  db: Db;
  secretBox: SecretBox;
  clock: { now(): number };
  webhooks: { timeoutMs: number; outbound: OutboundPolicy };
}

/** An endpoint did not take a message this time: BullMQ's retry takes it up again. */
export class WebhookAttemptFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookAttemptFailed';
  }
}

export type DeliveryResult = 'delivered' | 'failed' | 'gone';

interface Answer {
  ok: boolean;
  status: number | null;
  error: string | null;
}

async function loadMessage(db: Db, id: string) {
  return db.kysely
    .selectFrom('webhook_messages as m')
    .innerJoin('webhook_endpoints as e', 'e.id', 'm.endpoint_id')
    .select(['m.id', 'm.payload', 'm.status', 'e.id as endpoint_id', 'e.url', 'e.secret', 'e.enabled'])
    .where('m.id', '=', id)
    .executeTakeFirst();
}
type Message = NonNullable<Awaited<ReturnType<typeof loadMessage>>>;

/** What went wrong, in words a person reading the log can act on; never a header or the secret. */
function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof RefusedRequest) return err.message;
  if (err instanceof Error && err.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : undefined;
  if (cause instanceof RefusedRequest) return cause.message;
  return (cause ?? (err as Error)).message ?? String(err);
}

async function record(db: Db, id: string, answer: Answer, final: boolean, now: number): Promise<void> {
  await db.kysely
    .updateTable('webhook_messages')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_status_code: answer.status,
      last_error: answer.error?.slice(0, 1000) ?? null,
      last_attempt_at: now,
      status: answer.ok ? 'delivered' : final ? 'failed' : 'pending',
      delivered_at: answer.ok ? now : null,
    }))
    .where('id', '=', id)
    .execute();
}

/** A deliverer for one worker process: one connection pool, reused by every message. */
export function webhookDeliverer(deps: DeliverDeps) {
  const { timeoutMs, outbound } = deps.webhooks;
  const post = guardedFetch(outbound, timeoutMs);

  const attempt = async (message: Message): Promise<Answer> => {
    const sentAt = new Date(deps.clock.now());
    const signature = new Webhook(openSecret(deps.secretBox, { id: message.endpoint_id, secret: message.secret })).sign(message.id, sentAt, message.payload);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Presswire-Webhooks/1',
      'webhook-id': message.id,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': signature,
    };
    try {
      const response = await post(message.url, { method: 'POST', headers, body: message.payload });
      await response.body?.cancel();
      const ok = response.status >= 200 && response.status < 300;
      return { ok, status: response.status, error: ok ? null : `answered ${response.status}` };
    } catch (err) {
      return { ok: false, status: err instanceof RefusedRequest ? (err.httpStatus ?? null) : null, error: describeFailure(err, timeoutMs) };
    }
  };

  /** `final`: BullMQ has no attempt left after this one. */
  return async function deliver(messageId: string, { final }: { final: boolean }): Promise<DeliveryResult> {
    const message = await loadMessage(deps.db, messageId);
    // Gone with its endpoint, or already settled (a job re-added after it ran).
    if (!message || message.status !== 'pending') return message?.status === 'delivered' ? 'delivered' : message ? 'failed' : 'gone';
    if (Number(message.enabled) !== 1) {
      // Nothing was sent, so no attempt is counted; a redelivery sends it once the endpoint is on.
      await deps.db.kysely.updateTable('webhook_messages').set({ status: 'failed', last_error: 'the endpoint is disabled' }).where('id', '=', message.id).execute();
      return 'failed';
    }
    const answer = await attempt(message);
    await record(deps.db, message.id, answer, final, deps.clock.now());
    if (answer.ok) return 'delivered';
    if (final) return 'failed';
    throw new WebhookAttemptFailed(`webhook ${message.id} to endpoint ${message.endpoint_id}: ${answer.error}`);
  };
}
