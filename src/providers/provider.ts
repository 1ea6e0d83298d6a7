/**
 * The contract of a sending provider's event webhook (Amazon SES through SNS, Postmark,
 * Mailgun, SendGrid): prove that a request comes from the provider, then read the bounces,
 * delays and complaints it reports. Tying an event to a delivery and applying it is the
 * same for every provider (receive.ts); a provider file only translates its own format.
 */
import type { BounceKind } from '../db/schema.js';

export type ProviderId = 'ses' | 'postmark' | 'mailgun' | 'sendgrid';

export interface ProviderRequest {
  /** The body exactly as it arrived: signatures are over these bytes. */
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  /** A secret path segment (/webhooks/postmark/<secret>), when the URL has one. */
  pathSecret?: string;
  /** The client's address, for the audit log. */
  ip?: string;
}

export type Authenticity = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/** One event for one recipient, in our terms. */
export interface Feedback {
  /** The provider's own identity of the event: a retry carries the same one. */
  eventKey: string;
  type: 'bounce' | 'delay' | 'complaint';
  recipient: string;
  /** Our Message-ID as the provider reports it, with or without angle brackets. */
  messageId?: string;
  /** The envelope sender the provider saw (SES `mail.source`): our VERP address. */
  envelopeSender?: string;
  bounceKind?: BounceKind;
  /** An enhanced status code (5.1.1) when the provider gives one, else its own bounce type. */
  statusCode?: string;
  detail?: string;
  occurredAt: number;
}

export interface Provider {
  id: ProviderId;
  /** Whether the request is the provider's. Throws VALIDATION when the body cannot be read at all. */
  authenticate(request: ProviderRequest): Promise<Authenticity>;
  /** The events of an authentic body; kinds we do not track (deliveries, opens) are left out. Throws VALIDATION on a malformed body. */
  events(rawBody: Buffer): Feedback[];
  /** A message that is not an event but needs an answer (an SNS subscription to confirm): what was done. */
  handshake?(rawBody: Buffer): Promise<string | undefined>;
}
