/**
 * Mailgun signs each webhook call: HMAC-SHA256 (hex) of `timestamp + token` with the
 * webhook signing key, in the body's `signature` object. A call older than five minutes is
 * refused, and so is a token seen before with another body — the signature does not cover
 * the body, so a captured signature must not carry a forged one. The same call again (a
 * retry) passes and is answered as a replay. Events read: `failed` (severity permanent or
 * temporary) and `complained`.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { enhancedStatusIn, instantOf, kindOf, parseBody } from './feedback.js';
import type { Authenticity, Feedback, Provider } from './provider.js';
import { sameSecret } from './secret-compare.js';

const maxAgeSeconds = 300;

const Signature = z.object({ timestamp: z.string().regex(/^\d{1,12}$/, 'must be epoch seconds'), token: z.string().min(16).max(200), signature: z.string().regex(/^[0-9a-f]{64}$/i, 'must be 64 hex characters') });
const Signed = z.object({ signature: Signature }).passthrough();

const EventData = z
  .object({
    id: z.string().min(1),
    event: z.string().min(1),
    severity: z.string().optional(),
    recipient: z.string().optional(),
    timestamp: z.number().optional(),
    reason: z.string().optional(),
    message: z.object({ headers: z.record(z.string(), z.unknown()).optional() }).passthrough().optional(),
    'delivery-status': z.object({ code: z.union([z.number(), z.string()]).optional(), 'enhanced-code': z.string().optional(), message: z.string().optional(), description: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();
const Body = z.object({ 'event-data': EventData }).passthrough();
type EventData = z.infer<typeof EventData>;

export interface MailgunDeps {
  redis: Redis;
  /** Namespaces the seen tokens in Redis (REDIS_PREFIX). */
  prefix: string;
  clock: { now(): number };
}

function feedbackOf(data: EventData, now: number): Feedback | undefined {
  if (!data.recipient) return undefined;
  const rawId = data.message?.headers?.['message-id'];
  const base = { eventKey: data.id, recipient: data.recipient, messageId: typeof rawId === 'string' ? rawId : undefined, occurredAt: instantOf(data.timestamp, now) };
  if (data.event === 'complained') return { ...base, type: 'complaint', detail: 'spam complaint' };
  if (data.event !== 'failed') return undefined;
  const status = data['delivery-status'];
  const diagnostic = [status?.message, status?.description].filter(Boolean).join(' ') || data.reason;
  const enhanced = status?.['enhanced-code'] ?? enhancedStatusIn(diagnostic);
  const detail = [status?.code, diagnostic].filter(Boolean).join(' ') || undefined;
  if (data.severity === 'temporary') return { ...base, type: 'delay', statusCode: enhanced, detail };
  return { ...base, type: 'bounce', bounceKind: kindOf(enhanced, diagnostic, data.severity === 'permanent'), statusCode: enhanced, detail };
}

/** The events of a Mailgun webhook body: its one `event-data`, or none we track. */
export function mailgunFeedback(rawBody: Buffer, now: number): Feedback[] {
  const feedback = feedbackOf(parseBody(rawBody, Body, 'Mailgun webhook')['event-data'], now);
  return feedback ? [feedback] : [];
}

export function mailgunProvider(signingSecret: string, deps: MailgunDeps): Provider {
  return {
    id: 'mailgun',
    async authenticate(request): Promise<Authenticity> {
      const { signature } = parseBody(request.rawBody, Signed, 'Mailgun webhook');
      const expected = createHmac('sha256', signingSecret).update(signature.timestamp + signature.token).digest('hex');
      if (!sameSecret(signature.signature.toLowerCase(), expected)) return { ok: false, status: 401, reason: 'The Mailgun signature does not verify with our signing key' };
      const age = deps.clock.now() / 1000 - Number(signature.timestamp);
      if (Math.abs(age) > maxAgeSeconds) return { ok: false, status: 401, reason: `The Mailgun signature is ${Math.round(age)} s old; at most ${maxAgeSeconds} s are accepted` };
      const bodyHash = createHash('sha256').update(request.rawBody).digest('hex');
      const key = `${deps.prefix}:webhooks:mailgun-token:${createHash('sha256').update(signature.token).digest('hex')}`;
      // Kept past the five minutes a timestamp is accepted: after that the age check refuses it anyway.
      const first = await deps.redis.set(key, bodyHash, 'EX', maxAgeSeconds * 2, 'NX');
      if (first === null && (await deps.redis.get(key)) !== bodyHash) return { ok: false, status: 401, reason: 'This Mailgun signature token was already used for another request' };
      return { ok: true };
    },
    events: (rawBody) => mailgunFeedback(rawBody, deps.clock.now()),
  };
}
