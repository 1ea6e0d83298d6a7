/**
 * What Amazon SES publishes to SNS about a message (the Notification's `Message`, JSON):
 * Bounce, Complaint, Delivery and DeliveryDelay, as identity notifications
 * (`notificationType`) or configuration-set events (`eventType`). One event per recipient.
 */
import { z } from 'zod';
import { invalid, issuesFromZod } from '../errors.js';
import { enhancedStatusIn, instantOf, kindOf } from './feedback.js';
import type { Feedback } from './provider.js';

const Recipient = z.object({ emailAddress: z.string().min(1), status: z.string().optional(), diagnosticCode: z.string().optional(), action: z.string().optional() }).passthrough();

const SesMessage = z
  .object({
    notificationType: z.string().optional(),
    eventType: z.string().optional(),
    mail: z
      .object({
        source: z.string().optional(),
        commonHeaders: z.object({ messageId: z.string().optional() }).passthrough().optional(),
        headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
      })
      .passthrough(),
    bounce: z.object({ bounceType: z.string(), bounceSubType: z.string().optional(), bouncedRecipients: z.array(Recipient), timestamp: z.string().optional() }).passthrough().optional(),
    complaint: z.object({ complainedRecipients: z.array(Recipient), complaintFeedbackType: z.string().optional(), timestamp: z.string().optional() }).passthrough().optional(),
    deliveryDelay: z.object({ delayType: z.string().optional(), delayedRecipients: z.array(Recipient), timestamp: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();
type SesMessage = z.infer<typeof SesMessage>;

function parseSesMessage(text: string): SesMessage {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid('The SNS notification does not carry an SES event (its Message is not JSON)', [{ field: 'body.Message', message: 'is not JSON' }]);
  }
  const result = SesMessage.safeParse(json);
  if (!result.success) throw invalid('The SNS notification does not carry an SES event we can read', issuesFromZod(result.error.issues, 'body.Message'));
  return result.data;
}

/** Our Message-ID as SES saw it: the common headers, or the header list. */
const messageIdOf = (message: SesMessage): string | undefined =>
  message.mail.commonHeaders?.messageId ?? message.mail.headers?.find((h) => h.name.toLowerCase() === 'message-id')?.value;

/** The events of one SNS notification (`snsMessageId` is its MessageId, the identity of a retry). */
export function sesFeedback(snsMessageId: string, messageText: string, now: number): Feedback[] {
  const message = parseSesMessage(messageText);
  const kind = message.notificationType ?? message.eventType;
  const about = (recipient: string) => ({ eventKey: `${snsMessageId}:${recipient.toLowerCase()}`, recipient, messageId: messageIdOf(message), envelopeSender: message.mail.source });
  if (kind === 'Bounce' && message.bounce) {
    const { bounce } = message;
    return bounce.bouncedRecipients.map((r) => {
      const status = r.status && enhancedStatusIn(r.status) ? r.status : enhancedStatusIn(r.diagnosticCode);
      const detail = [`${bounce.bounceType}${bounce.bounceSubType ? `/${bounce.bounceSubType}` : ''}`, r.diagnosticCode].filter(Boolean).join(': ');
      const bounceKind = kindOf(status, r.diagnosticCode, bounce.bounceType === 'Permanent');
      return { ...about(r.emailAddress), type: 'bounce', bounceKind, statusCode: status ?? bounce.bounceType, detail, occurredAt: instantOf(bounce.timestamp, now) };
    });
  }
  if (kind === 'Complaint' && message.complaint) {
    const { complaint } = message;
    return complaint.complainedRecipients.map((r) => ({ ...about(r.emailAddress), type: 'complaint', detail: complaint.complaintFeedbackType ?? 'spam complaint', occurredAt: instantOf(complaint.timestamp, now) }));
  }
  if (kind === 'DeliveryDelay' && message.deliveryDelay) {
    const delay = message.deliveryDelay;
    return delay.delayedRecipients.map((r) => ({ ...about(r.emailAddress), type: 'delay', statusCode: r.status, detail: [delay.delayType, r.diagnosticCode].filter(Boolean).join(': ') || undefined, occurredAt: instantOf(delay.timestamp, now) }));
  }
  // Delivery: the receiving server took it — we never claim "delivered", so nothing is stored.
  return [];
}
