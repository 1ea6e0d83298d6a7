/** What an inbound message says about a delivery, as read by report-parser.ts. */

/** Where a bounce's fields came from: the standard report, or the words of a known mail system. */
export type BounceFormat = 'rfc3464' | 'exchange' | 'gmail' | 'postfix' | 'qmail' | 'text';

export interface RecipientStatus {
  recipient: string | undefined;
  /** RFC 3464 Action: failed, delayed, delivered, relayed, expanded. */
  action: string;
  /** Enhanced status code (5.1.1), when the report gives one. */
  status: string | undefined;
  diagnostic: string | undefined;
}

export type InboundReport =
  | { kind: 'delivery-status'; format: BounceFormat; recipients: RecipientStatus[] }
  | { kind: 'feedback'; feedbackType: string; recipient: string | undefined }
  /** No report: a reply, an auto-reply, or anything else. */
  | { kind: 'message' };
