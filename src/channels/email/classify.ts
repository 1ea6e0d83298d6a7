/**
 * SMTP failures in a few words. The enhanced status code (RFC 3463) decides before
 * the three-digit code: "552 5.2.2 mailbox full" is transient although it is a 5xx,
 * which nodemailer's own `err.permanent` does not know.
 *
 * Among transient replies, "try again later" for one recipient (451 4.3.0, greylisting
 * 450 4.2.0 or 4.7.1) is that recipient's problem: `retry`. A relay that asks us to slow
 * down as a whole (421, a 4.7.x rate code, Amazon SES's "Throttling" or "Maximum sending
 * rate exceeded", Gmail's "receiving mail at a rate") is `rate_limited`: the send rate drops.
 */
import { ChannelError } from '../channel.js';

interface SmtpLikeError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
  rejectedErrors?: SmtpLikeError[];
}

const connectionCodes = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE']);
const rateWords = /throttl|maximum sending rate|sending rate|rate limit|rate of|at a rate|too many (?:messages|connections|recipients|sessions)|slow down/i;
const greylisting = /grey ?list|gray ?list/i;

/** A relay-wide slow-down, as opposed to one recipient's "try again later". */
function asksToSlowDown(code: number, reply: string, subject: string | undefined): boolean {
  if (greylisting.test(reply)) return false;
  return code === 421 || rateWords.test(reply) || (subject === '7' && code !== 450);
}

/** "550 5.1.1 <x@y>: no such user" → "5.1.1" */
export function enhancedCode(reply: string | undefined): string | undefined {
  return reply ? /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(reply.trim())?.[1] : undefined;
}

function fromReply(code: number, reply: string): ChannelError {
  const enhanced = enhancedCode(reply);
  const details = { code, reply, ...(enhanced ? { enhanced } : {}) };
  const [cls, subject, detail] = (enhanced ?? `${Math.floor(code / 100)}.0.0`).split('.');
  if (code === 535 || enhanced === '5.7.8') return new ChannelError('auth', `relay refused our credentials: ${reply}`, details);
  if (subject === '2' && detail === '2') return new ChannelError('retry', `mailbox full: ${reply}`, details);
  if (cls === '4') {
    return new ChannelError(asksToSlowDown(code, reply, subject) ? 'rate_limited' : 'retry', reply, details);
  }
  return new ChannelError('rejected', reply, subject === '1' ? { ...details, suppress: true } : details);
}

/**
 * @param transmitted whether the whole message had been handed to the connection when it
 *   failed: a connection lost after that may still have delivered it (RFC 1047).
 */
export function classifySmtpError(err: unknown, transmitted: boolean): ChannelError {
  const e = (err ?? {}) as SmtpLikeError;
  const source = e.rejectedErrors?.[0] ?? e;
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
    return new ChannelError('auth', `relay refused our credentials: ${e.response ?? e.message}`, { code: e.responseCode, reply: e.response ?? e.message });
  }
  if (source.responseCode && source.response) return fromReply(source.responseCode, source.response);
  if (e.code && connectionCodes.has(e.code)) {
    const reply = `${e.code}: ${e.message ?? 'connection failed'}`;
    return transmitted
      ? new ChannelError('ambiguous', `connection lost after the message was handed over; it may have been delivered (${reply})`, { reply, connection: true })
      : new ChannelError('retry', reply, { reply, connection: true });
  }
  return new ChannelError('retry', e.message ?? String(err), { reply: e.message ?? String(err) }, { cause: err });
}
