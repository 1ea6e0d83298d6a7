/**
 * SendGrid's signed event webhook: ECDSA P-256 with SHA-256 over `timestamp + raw body`,
 * the signature (base64 DER) and timestamp in the X-Twilio-Email-Event-Webhook-Signature
 * and -Timestamp headers, checked with the public key SendGrid shows (base64 SPKI DER).
 * A body is a batch of events; read: bounce (type bounce or blocked), dropped, deferred,
 * spamreport.
 */
import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { enhancedStatusIn, instantOf, kindOf, parseBody } from './feedback.js';
import type { Authenticity, Feedback, Provider, ProviderRequest } from './provider.js';

const signatureHeader = 'x-twilio-email-event-webhook-signature';
const timestampHeader = 'x-twilio-email-event-webhook-timestamp';

const SendGridEvent = z
  .object({
    sg_event_id: z.string().min(1).optional(),
    event: z.string().min(1),
    email: z.string().optional(),
    'smtp-id': z.string().optional(),
    timestamp: z.number().optional(),
    type: z.string().optional(),
    status: z.string().optional(),
    reason: z.string().optional(),
    response: z.string().optional(),
  })
  .passthrough();
const Batch = z.array(SendGridEvent);
type SendGridEvent = z.infer<typeof SendGridEvent>;

/** Dropped because the address is known bad; other drops (unsubscribed, spam-reporting) are already suppressed or not about the address. */
const deadAddressDrop = /bounced address|invalid/i;

const headerOf = (request: ProviderRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function feedbackOf(event: SendGridEvent, now: number): Feedback | undefined {
  if (!event.sg_event_id || !event.email) return undefined;
  const base = { eventKey: event.sg_event_id, recipient: event.email, messageId: event['smtp-id'], occurredAt: instantOf(event.timestamp, now) };
  const diagnostic = event.reason ?? event.response;
  const status = event.status && /^[245]\.\d{1,3}\.\d{1,3}$/.test(event.status) ? event.status : enhancedStatusIn(diagnostic);
  switch (event.event) {
    case 'spamreport':
      return { ...base, type: 'complaint', detail: 'spam report' };
    case 'deferred':
      return { ...base, type: 'delay', statusCode: status, detail: diagnostic };
    case 'dropped':
      return { ...base, type: 'bounce', bounceKind: deadAddressDrop.test(diagnostic ?? '') ? 'hard' : 'soft', statusCode: 'dropped', detail: diagnostic };
    case 'bounce':
      // "blocked" is a refusal of the message (policy, reputation), not a verdict on the address.
      return { ...base, type: 'bounce', bounceKind: event.type === 'blocked' ? 'soft' : kindOf(status, diagnostic, true), statusCode: status ?? event.type, detail: diagnostic };
    default:
      return undefined;
  }
}

/** The events of a SendGrid batch that we track. */
export function sendgridFeedback(rawBody: Buffer, now: number): Feedback[] {
  return parseBody(rawBody, Batch, 'SendGrid event webhook')
    .map((event) => feedbackOf(event, now))
    .filter((f): f is Feedback => f !== undefined);
}

export function sendgridProvider(publicKeyBase64: string, clock: { now(): number }): Provider {
  const key: KeyObject = createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
  return {
    id: 'sendgrid',
    async authenticate(request): Promise<Authenticity> {
      const signature = headerOf(request, signatureHeader);
      const timestamp = headerOf(request, timestampHeader);
      if (!signature || !timestamp) return { ok: false, status: 401, reason: 'The SendGrid signature headers are missing' };
      const verifier = createVerify('sha256');
      verifier.update(timestamp);
      verifier.update(request.rawBody);
      let valid = false;
      try {
        valid = verifier.verify(key, Buffer.from(signature, 'base64'));
      } catch {
        valid = false; // a signature that is not even DER
      }
      return valid ? { ok: true } : { ok: false, status: 401, reason: 'The SendGrid signature does not verify with our public key' };
    },
    events: (rawBody) => sendgridFeedback(rawBody, clock.now()),
  };
}
