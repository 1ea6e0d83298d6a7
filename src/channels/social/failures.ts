/**
 * What the social adapters share when they turn an HTTP answer, or a request that got none,
 * into a `ChannelError`. Each adapter reads its own network's signals first (rate-limit
 * headers, error names, X's duplicate rule) and hands the plain cases to these.
 */
import { ChannelError, type ChannelErrorDetails } from '../channel.js';

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

/** The usual meaning of an HTTP status, for whatever the adapter did not recognise first. */
export function byStatus(network: string, status: number, reply: string, details: ChannelErrorDetails = {}): ChannelError {
  const all = { code: status, reply, ...details };
  const message = `${network} answered ${status}: ${reply}`;
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

/**
 * The request got no (usable) answer: a timeout, a reset connection, a cut-off body. On the
 * post itself that is `ambiguous` — the network may have published it — unless the
 * connection was never made.
 */
export function lostRequest(network: string, stage: Stage, err: unknown): ChannelError {
  const reply = describe(err);
  const neverSent = causes(err).some((e) => neverSentCodes.has(codeOf(e) ?? ''));
  if (stage === 'post' && !neverSent) {
    return new ChannelError('ambiguous', `${network} did not answer the post (${reply}); it may have been published`, { reply }, { cause: err });
  }
  return new ChannelError('retry', `${network} did not answer: ${reply}`, { reply }, { cause: err });
}
