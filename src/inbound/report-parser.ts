/**
 * Reading an inbound message: a delivery status notification (RFC 3464, or the plain words
 * of a known mail system), a feedback report (RFC 5965), or a message that is neither.
 *
 * postal-mime, not mailparser: mailparser folds an inline `message/rfc822` part into the text
 * (the original's Message-ID is lost) and the delivery-status part too; postal-mime keeps
 * every report part as an attachment.
 */
import PostalMime, { type Email } from 'postal-mime';
import { recipientStatuses } from './delivery-status.js';
import { feedbackOf } from './feedback-report.js';
import type { InboundReport } from './report.js';
import { textBounce } from './text-bounces.js';

export type ParsedMail = Email;

export interface ReadMessage {
  mail: ParsedMail;
  report: InboundReport;
}

const deliveryStatusTypes = new Set(['message/delivery-status', 'message/global-delivery-status']);

const partText = (mail: ParsedMail, types: Set<string>): string | undefined => {
  const part = mail.attachments.find((a) => types.has(a.mimeType));
  if (!part) return undefined;
  return typeof part.content === 'string' ? part.content : Buffer.from(part.content as ArrayBuffer).toString('utf8');
};

const reportType = (mail: ParsedMail): string | undefined => {
  const type = mail.headers.find((h) => h.key === 'content-type')?.value ?? '';
  if (!/^\s*multipart\/report\b/i.test(type)) return undefined;
  return /report-type\s*=\s*"?([A-Za-z0-9-]+)/i.exec(type)?.[1]?.toLowerCase();
};

const mailboxAddress = (mail: ParsedMail): string | undefined => (mail.from && 'address' in mail.from ? mail.from.address : undefined);

/** Throws when the bytes are not a readable message (the caller keeps such mail for review). */
export async function readInbound(raw: Buffer): Promise<ReadMessage> {
  const mail = await PostalMime.parse(raw, { attachmentEncoding: 'utf8', forceRfc822Attachments: true });
  return { mail, report: reportOf(mail) };
}

function reportOf(mail: ParsedMail): InboundReport {
  const type = reportType(mail);
  if (type === 'feedback-report') {
    const report = partText(mail, new Set(['message/feedback-report']));
    if (report !== undefined) return { kind: 'feedback', ...feedbackOf(report) };
  }
  const status = partText(mail, deliveryStatusTypes);
  if (status !== undefined) {
    const recipients = recipientStatuses(status);
    if (recipients.length > 0) return { kind: 'delivery-status', format: 'rfc3464', recipients };
  }
  const plain = textBounce({ from: mailboxAddress(mail), subject: mail.subject, text: mail.text, headerKeys: new Set(mail.headers.map((h) => h.key)) });
  if (plain) return { kind: 'delivery-status', format: plain.format, recipients: [plain.status] };
  return { kind: 'message' };
}
