/**
 * What the social adapters share when they turn an HTTP answer, or a request that got none,
 * into a `ChannelError`. Each adapter reads its own network's signals first (rate-limit
 * headers, error names, X's duplicate rule) and hands the plain cases to these.
 *
 * The far side's words never travel on: an error says what we saw in our own words, the HTTP
 * status and at most an error code we recognise. Its message and reply end up in API answers
 * and in the account's `last_error`, and a server a user named may say anything there —
 * including what an internal service answered it, or some text meant to mislead the reader.
 */
import { ChannelError, type ChannelErrorDetails } from '../channel.js';
import { RefusedRequest } from '../../net/outbound-policy.js';

/**
 * Which call failed. Only the call that creates the post can have published it without our
 * hearing back; a lost answer to a lookup, a login or an upload published nothing.
 */
export type Stage = 'post' | 'other';

/** Wraps an adapter's calls so that whatever they throw leaves as that adapter's `ChannelError`. */
export const guardedBy =
  (classify: (err: unknown, stage: Stage) => ChannelError) =>
  async <T>(stage: Stage, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw classify(err, stage);
    }
  };

/** Milliseconds from now until an instant given in Unix seconds (a past instant is 0). */
export const msUntilEpochSeconds = (seconds: number): number => Math.max(0, Math.round(seconds * 1000 - Date.now()));

/** What we repeat of an answer: its status and a code the adapter recognised ("HTTP 400 InvalidRequest"). */
export const httpReply = (status: number, code?: string): string => `HTTP ${status}${code ? ` ${code}` : ''}`;

/** `value` when it is one of the codes the adapter knows, never free text. */
export const knownCode = (known: ReadonlySet<string>, value: unknown): string | undefined => (typeof value === 'string' && known.has(value) ? value : undefined);

/** Our credentials (or token) were refused: a person must act. */
export function refusedCredentials(network: string, status: number, code?: string, what = 'credentials'): ChannelError {
  const reply = httpReply(status, code);
  return new ChannelError('auth', `${network} refused our ${what} (${reply})`, { code: status, reply });
}

/** The usual meaning of an HTTP status, for whatever the adapter did not recognise first. */
export function byStatus(network: string, status: number, code?: string, details: ChannelErrorDetails = {}): ChannelError {
  const reply = httpReply(status, code);
  const all = { code: status, reply, ...details };
  const message = `${network} answered ${reply}`;
  if (status === 429) return new ChannelError('rate_limited', message, all);
  if (status === 401) return new ChannelError('auth', message, all);
  if (status >= 500) return new ChannelError('retry', message, all);
  return new ChannelError('rejected', message, all);
}

// Failures that happen before a byte of the request leaves: the post cannot have been made.
const neverSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function causes(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = err; e instanceof Error && chain.length < 5; e = e.cause) chain.push(e);
  return chain;
}

/** A system error code (ECONNRESET), not a DOMException's legacy number. */
const codeOf = (e: unknown): string | undefined => {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
};
const describe = (err: unknown): string =>
  causes(err).map((e) => [codeOf(e), (e as Error).message].filter(Boolean).join(' ')).join(': ') || String(err);

/** Our policy refused the request (an address, a scheme) or its redirect: a retry meets the same refusal. */
function refused(network: string, err: unknown): ChannelError | undefined {
  const refusal = causes(err).find((e) => e instanceof RefusedRequest);
  if (!refusal) return undefined;
  const reply = refusal.httpStatus ? httpReply(refusal.httpStatus) : refusal.message;
  return new ChannelError('rejected', `${network} ${refusal.message}`, { reply, ...(refusal.httpStatus && { code: refusal.httpStatus }) }, { cause: err });
}

/**
 * The request got no (usable) answer: a timeout, a reset connection, a cut-off body. On the
 * post itself that is `ambiguous` — the network may have published it — unless the
 * connection was never made. (A request the outbound policy refused is `rejected`.)
 */
export function lostRequest(network: string, stage: Stage, err: unknown): ChannelError {
  const refusal = refused(network, err);
  if (refusal) return refusal;
  // System errors only (a socket's, a timeout's): their words are Node's, not the far side's.
  const reply = describe(err);
  const neverSent = causes(err).some((e) => neverSentCodes.has(codeOf(e) ?? ''));
  if (stage === 'post' && !neverSent) {
    return new ChannelError('ambiguous', `${network} did not answer the post (${reply}); it may have been published`, { reply }, { cause: err });
  }
  return new ChannelError('retry', `${network} did not answer: ${reply}`, { reply }, { cause: err });
}

/**
 * An answer we could not read (not JSON, not the shape the API promises), like a lost one:
 * on the post it may still have been published. Its text is not repeated (a JSON parser's
 * error quotes it).
 */
export function unreadableAnswer(network: string, stage: Stage, err: unknown, status?: number): ChannelError {
  const reply = `${status ? `${httpReply(status)}, ` : ''}an answer that could not be read`;
  const details = { reply, ...(status && { code: status }) };
  if (stage === 'post') return new ChannelError('ambiguous', `${network}'s answer to the post could not be read; it may have been published`, details, { cause: err });
  return new ChannelError('retry', `${network}'s answer could not be read`, details, { cause: err });
}
