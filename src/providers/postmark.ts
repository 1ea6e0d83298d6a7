/**
 * Postmark does not sign its webhooks: the credentials are in the webhook URL we give it,
 * either basic auth (https://user:password@host/webhooks/postmark) or a secret path segment
 * (https://host/webhooks/postmark/<secret>). Record types read: Bounce (its Type says hard,
 * soft, transient…), SpamComplaint; Delivery is acknowledged and not stored (we never claim
 * "delivered").
 */
import { z } from 'zod';
import { enhancedStatusIn, instantOf, kindOf, parseBody } from './feedback.js';
import type { Authenticity, Feedback, Provider, ProviderRequest } from './provider.js';
import { sameSecret } from './secret-compare.js';

export interface PostmarkSettings {
  basic?: { user: string; password: string };
  pathSecret?: string;
}

const Header = z.object({ Name: z.string(), Value: z.string() });
const PostmarkRecord = z
  .object({
    RecordType: z.string().min(1),
    ID: z.union([z.number(), z.string().min(1)]).optional(),
    Type: z.string().optional(),
    Email: z.string().optional(),
    Recipient: z.string().optional(),
    BouncedAt: z.string().optional(),
    Details: z.string().optional(),
    Description: z.string().optional(),
    Content: z.string().optional(),
    Headers: z.array(Header).optional(),
  })
  .passthrough();
type PostmarkRecord = z.infer<typeof PostmarkRecord>;

/** Bounce types that mean the address is dead; "Transient" is a delay; the rest are soft or not about the address. */
const permanent = new Set(['HardBounce', 'BadEmailAddress']);
const notAboutTheAddress = new Set(['AutoResponder', 'Unsubscribe', 'Subscribe', 'ManuallyDeactivated', 'OpenRelayTest', 'ChallengeVerification', 'VirusNotification', 'InboundError', 'AddressChange', 'SMTPApiError']);

function basicCredentials(header: string | string[] | undefined): { user: string; password: string } | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(value ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Our Message-ID: in the headers Postmark passes on, or in the original message it quotes. */
function messageIdOf(record: PostmarkRecord): string | undefined {
  const header = record.Headers?.find((h) => h.Name.toLowerCase() === 'message-id')?.Value;
  return header ?? /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(record.Content ?? '')?.[1];
}

function feedbackOf(record: PostmarkRecord, now: number): Feedback | undefined {
  const recipient = record.Email ?? record.Recipient;
  if (record.ID === undefined || !recipient) return undefined;
  const base = { eventKey: String(record.ID), recipient, messageId: messageIdOf(record), occurredAt: instantOf(record.BouncedAt, now) };
  const type = record.Type ?? '';
  if (record.RecordType === 'SpamComplaint' || type === 'SpamComplaint') return { ...base, type: 'complaint', detail: record.Description ?? 'spam complaint' };
  if (record.RecordType !== 'Bounce' || notAboutTheAddress.has(type)) return undefined;
  const detail = [record.Description, record.Details].filter(Boolean).join(' — ') || undefined;
  if (type === 'Transient') return { ...base, type: 'delay', statusCode: type, detail };
  const status = enhancedStatusIn(record.Details);
  return { ...base, type: 'bounce', bounceKind: kindOf(status, detail, permanent.has(type)), statusCode: status ?? (type || undefined), detail };
}

/** The events of a Postmark webhook body: one record, or none we track. */
export function postmarkFeedback(rawBody: Buffer, now: number): Feedback[] {
  const feedback = feedbackOf(parseBody(rawBody, PostmarkRecord, 'Postmark webhook'), now);
  return feedback ? [feedback] : [];
}

export function postmarkProvider(settings: PostmarkSettings, clock: { now(): number }): Provider {
  return {
    id: 'postmark',
    async authenticate(request: ProviderRequest): Promise<Authenticity> {
      if (settings.pathSecret && request.pathSecret !== undefined) {
        return sameSecret(request.pathSecret, settings.pathSecret) ? { ok: true } : { ok: false, status: 403, reason: 'The secret in the webhook URL is not ours' };
      }
      if (!settings.basic) return { ok: false, status: 401, reason: 'This webhook URL needs its secret path segment: /webhooks/postmark/<secret>' };
      const given = basicCredentials(request.headers.authorization);
      if (!given) return { ok: false, status: 401, reason: 'Basic authentication is required: put the user and password in the webhook URL' };
      // Both compared, always: which of the two was wrong is not told by the time taken.
      const user = sameSecret(given.user, settings.basic.user);
      const password = sameSecret(given.password, settings.basic.password);
      return user && password ? { ok: true } : { ok: false, status: 403, reason: 'The webhook credentials are not ours' };
    },
    events: (rawBody) => postmarkFeedback(rawBody, clock.now()),
  };
}
