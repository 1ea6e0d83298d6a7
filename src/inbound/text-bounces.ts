/**
 * Bounces without an RFC 3464 report part: older Exchange NDRs, Gmail's plain notices, Postfix
 * set to plain text, qmail (which never writes one). Read from the notice's words, and only
 * when the message comes from a mail system (MAILER-DAEMON, postmaster, a bounce subject):
 * an out-of-office reply that mentions "delayed" is not a bounce.
 */
import type { BounceFormat, RecipientStatus } from './report.js';
import { enhancedStatusIn } from './report-fields.js';

const fromMailSystem = /^(mailer-daemon|postmaster|mail-daemon|mdaemon|microsoftexchange[0-9a-f]*)@/i;
const bounceSubject = /undeliver|returned mail|delivery (status notification|failure|has failed)|failure notice|mail delivery (failed|failure|system)|non[- ]?delivery|delivery (delayed|notification)|could not be delivered/i;

// Where the notice ends and the copy of our message begins: nothing past it is the notice's word.
const originalStarts = /^(-+ ?(below this line is a copy of the message|original message( follows)?|this is a copy of the message)|original message headers:|-+ ?the original message|-+ ?undelivered message)/im;

const formats: [BounceFormat, RegExp][] = [
  ['qmail', /qmail-send program|I'm afraid I wasn't able to deliver your message/i],
  ['exchange', /Delivery has failed to these recipients|Diagnostic information for administrators|Remote Server returned/i],
  ['gmail', /\*\* ?(Address not found|Message not delivered|Message blocked) ?\*\*|Delivery to the following recipient failed|Your message wasn't delivered to/i],
  ['postfix', /This is the mail system at host/i],
];

const delayed = /\b(delayed|will (be )?retr(y|ied)|still (being )?(trying|retried)|not yet been delivered|warning only)\b/i;
const failed = /permanent(ly)? (error|fail)|could ?n[o']t be (delivered|found)|failed permanently|delivery has failed|wasn't delivered|undeliverable|no such (user|mailbox)|user unknown|does not exist|unable to deliver|wasn't able to deliver/i;
const addressPattern = /[A-Za-z0-9._%+'=-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

export interface MailSystemNotice {
  from: string | undefined;
  subject: string | undefined;
  text: string | undefined;
  /** Header names present (Exchange marks its NDRs with X-MS-Exchange-Message-Is-Ndr). */
  headerKeys: Set<string>;
}

export function isFromMailSystem(notice: MailSystemNotice): boolean {
  return (notice.from !== undefined && fromMailSystem.test(notice.from)) || bounceSubject.test(notice.subject ?? '') || notice.headerKeys.has('x-ms-exchange-message-is-ndr');
}

/** The notice's own text, folded lines joined (Postfix indents the rest of a diagnostic). */
function noticeLines(text: string): string[] {
  const start = originalStarts.exec(text);
  const own = (start ? text.slice(0, start.index) : text).replace(/\r\n?/g, '\n').replace(/\n[ \t]+/g, ' ');
  return own.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** One recipient's status read from a plain bounce, or undefined when the words say no bounce. */
export function textBounce(notice: MailSystemNotice): { format: BounceFormat; status: RecipientStatus } | undefined {
  if (!notice.text || !isFromMailSystem(notice)) return undefined;
  const lines = noticeLines(notice.text);
  const body = lines.join('\n');
  const status = enhancedStatusIn(body);
  const basic = /\b([45])\d\d[ -]/.exec(body)?.[1];
  const severity = status?.[0] ?? basic;
  const action = severity === '4' || (!severity && delayed.test(body)) ? 'delayed' : severity === '5' || failed.test(body) ? 'failed' : undefined;
  if (!action) return undefined;
  const codeLine = lines.find((l) => (status && l.includes(status)) || /\b[45]\d\d[ -]/.test(l)) ?? lines.find((l) => failed.test(l) || delayed.test(l));
  const recipient = [...body.matchAll(addressPattern)].map((m) => m[0].toLowerCase()).find((a) => !/^(bounces|replies)\+/.test(a) && !fromMailSystem.test(a));
  return {
    format: formats.find(([, pattern]) => pattern.test(body))?.[0] ?? (notice.headerKeys.has('x-ms-exchange-message-is-ndr') ? 'exchange' : 'text'),
    status: { recipient, action, status, diagnostic: codeLine?.slice(0, 1000) },
  };
}
