/**
 * The channel contract: how a delivery leaves the building.
 *
 * A channel is pure I/O — it never touches the database and is never told about
 * retries. It delivers one message and either returns a receipt or throws a
 * `ChannelError` saying what happened, in one of a few words; the delivery ledger
 * decides what to do about it.
 */

/**
 * What went wrong, from the sender's point of view.
 * - `retry`: transient; the same message may succeed later.
 * - `rate_limited`: the other side asks us to slow down; not the message's fault.
 * - `rejected`: permanent for this message.
 * - `auth`: our credentials were refused; nothing will succeed until someone fixes them.
 * - `ambiguous`: the message may have been delivered (the connection died after we handed it over).
 */
export type ChannelFailure = 'retry' | 'rate_limited' | 'rejected' | 'auth' | 'ambiguous';

export interface ChannelErrorDetails {
  /** Protocol reply code (SMTP 550, HTTP 429). */
  code?: number;
  /** RFC 3463 enhanced status code, e.g. "5.1.1". */
  enhanced?: string;
  /** The other side's reply text, for the ledger and for people. */
  reply?: string;
  /** The address does not exist: stop sending to this contact. */
  suppress?: boolean;
  /** When the other side said when to come back. */
  retryAfterMs?: number;
  /** The network refused the post as a duplicate of one already published. */
  duplicate?: boolean;
  /** The sending relay that answered (email). */
  relay?: string;
  /** The connection failed (refused, TLS, timeout, lost) rather than the other side answering. */
  connection?: boolean;
}

export class ChannelError extends Error {
  readonly failure: ChannelFailure;
  readonly details: ChannelErrorDetails;

  constructor(failure: ChannelFailure, message: string, details: ChannelErrorDetails = {}, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'ChannelError';
    this.failure = failure;
    this.details = details;
  }
}

export interface Receipt {
  /** The other side's acceptance reply, e.g. "250 2.0.0 Ok: queued as 4F1". */
  reply?: string;
  /** The other side's id for what was created (a post id). */
  externalId?: string;
  url?: string;
  /** The sending relay that took it (email). */
  relay?: string;
}

export interface Channel<Message> {
  readonly id: string;
  readonly kind: 'email' | 'social';
  send(message: Message): Promise<Receipt>;
  /** Check credentials and reachability without sending anything. */
  verify?(): Promise<void>;
  close?(): Promise<void>;
}
