/**
 * Builds the MIME message once per variant and personalizes the built bytes per
 * recipient. Composing MIME is the expensive part of sending (nodemailer composes a
 * message in ~1 ms; filling in a compiled one takes microseconds), so it happens once.
 *
 * Substitution is safe because every slot sits on its own quoted-printable line:
 * the compiled part ends a line with a soft break before and after each slot, so a
 * value of any length is encoded and wrapped on its own without disturbing the
 * surrounding lines (all stay within 76 characters, as RFC 2045 requires).
 */
import { randomBytes } from 'node:crypto';
import * as mimeFuncs from 'nodemailer/lib/mime-funcs';
import * as qp from 'nodemailer/lib/qp';
import { escapeHtml } from '../../rendering/escape.js';
import type { EmailPart, SlotName } from '../../rendering/slots.js';

export interface Mailbox {
  name?: string;
  address: string;
}

/** The domain of a mailbox's address: ours names our Message-IDs. */
export const domainOf = (mailbox: Mailbox): string => mailbox.address.slice(mailbox.address.lastIndexOf('@') + 1);

interface CompiledPart {
  escape: (value: string) => string;
  /** Encoded literal pieces (ASCII); `slots[i]` goes between `pieces[i]` and `pieces[i + 1]`. */
  pieces: Buffer[];
  slots: SlotName[];
}

export interface CompiledMessage {
  /** Headers shared by every copy (From, Subject, MIME-Version, Content-Type) and the blank line. */
  sharedHeaders: Buffer;
  parts: CompiledPart[];
  closing: Buffer;
}

export interface PersonalHeaders {
  to: Mailbox;
  messageId: string;
  date: Date;
  /** Extra headers whose names come from code, never from users. */
  headers: Record<string, string>;
}

const crlf = (text: string) => text.replace(/\r\n|\r|\n/g, '\r\n');
// A line that starts with "." would need dot-stuffing on the wire; "=2E" is the same
// character in quoted-printable and keeps every message ready to send as it is.
// Tabs and runs of spaces are written encoded (=09, =20) as quoted-printable allows, so the
// body is already in DKIM's relaxed canonical form and is signed without a canonicalising
// pass (dkim-signer.ts); a release has a few dozen such runs, a few hundred bytes.
const relaxedWhitespace = (encoded: string) => encoded.replace(/\t/g, '=09').replace(/ {2,}/g, (run) => ` ${'=20'.repeat(run.length - 1)}`);
const encodeQp = (text: string) => qp.wrap(relaxedWhitespace(qp.encode(crlf(text))), 74).replace(/(^|\r\n)\./g, '$1=2E'); // 74 + "=2E" stays within 76
const softBreak = '=\r\n';

// RFC 5322 §2.1.1: a line SHOULD stay within 78 octets and MUST stay within 998 (CRLF excluded).
const PREFERRED_LINE = 78;
const MAX_LINE = 998;
// A run this long leaves no room to fold: text with one is written as encoded words instead.
const unbroken = /[^ ]{60,}/;
const printableAscii = /^[\x20-\x7e]*$/;

/**
 * One header field, folded at its spaces so that lines stay within 78 octets. Values are
 * ASCII here (text is encoded first), so characters are octets. Only a run with no space
 * in it can outgrow a line: a URL in angle brackets, where whitespace is ignored when the
 * URL is read (RFC 3986, appendix C). Such a run is broken only when it passes 998, since
 * some unsubscribe handlers do not strip the whitespace.
 */
function foldField(name: string, value: string): string {
  const first = `${name}: ${value}`;
  if (first.length <= PREFERRED_LINE) return `${first}\r\n`;
  const lines: string[] = [];
  let line = `${name}:`;
  for (const word of value.split(' ')) {
    // Fold before a word, never before the first one: "Name:" alone on a line helps nobody.
    if (word && line.length + 1 + word.length > PREFERRED_LINE && line.length > name.length + 1) {
      lines.push(line);
      line = '';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return `${lines.flatMap(breakOverlong).join('\r\n')}\r\n`;
}

function breakOverlong(line: string): string[] {
  if (line.length <= MAX_LINE) return [line];
  const pieces = [line.slice(0, PREFERRED_LINE)];
  for (let i = PREFERRED_LINE; i < line.length; i += PREFERRED_LINE - 1) pieces.push(` ${line.slice(i, i + PREFERRED_LINE - 1)}`);
  return pieces;
}

/** Unstructured text (Subject): RFC 2047 encoded words where it is not plain ASCII or has nowhere to fold. */
export function headerLine(name: string, value: string): string {
  const words = unbroken.test(value) ? mimeFuncs.encodeWord(value, 'Q', 52) : mimeFuncs.encodeWords(value, 'Q', 52);
  return foldField(name, words);
}

/** A display name as a quoted string, or as encoded words when it is not ASCII or too long to fold. */
export function formatMailbox({ name, address }: Mailbox): string {
  if (!name) return `<${address}>`;
  const quoted = printableAscii.test(name) && !unbroken.test(name);
  const display = quoted ? `"${name.replace(/["\\]/g, (c) => `\\${c}`)}"` : mimeFuncs.encodeWord(name, 'Q', 52);
  return `${display} <${address}>`;
}

const ascii = (text: string) => Buffer.from(text, 'latin1');

function compilePart(part: EmailPart, boundary: string): CompiledPart {
  const pieces: string[] = [''];
  const slots: SlotName[] = [];
  for (const segment of part.segments) {
    if (typeof segment === 'string') pieces[pieces.length - 1] += segment;
    else {
      slots.push(segment.slot);
      pieces.push('');
    }
  }
  const head = `--${boundary}\r\nContent-Type: ${part.contentType}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`;
  const encoded = pieces.map(encodeQp);
  // The part's head joins its first piece and its closing line break joins the last, so
  // a message is the shared headers plus one buffer per piece and per slot value.
  encoded[0] = head + encoded[0];
  encoded[encoded.length - 1] += '\r\n';
  return { escape: part.contentType === 'text/html' ? escapeHtml : (v) => v, pieces: encoded.map(ascii), slots };
}

export function compileMessage(input: { from: Mailbox; subject: string; parts: EmailPart[] }): CompiledMessage {
  const boundary = `----=_presswire_${randomBytes(12).toString('hex')}`;
  const sharedHeaders =
    foldField('From', formatMailbox(input.from)) +
    headerLine('Subject', input.subject) +
    'MIME-Version: 1.0\r\n' +
    foldField('Content-Type', `multipart/alternative; boundary="${boundary}"`) +
    '\r\n';
  return { sharedHeaders: Buffer.from(sharedHeaders, 'utf8'), parts: input.parts.map((p) => compilePart(p, boundary)), closing: ascii(`--${boundary}--\r\n`) };
}

/** RFC 5322 date in UTC, e.g. "Tue, 10 Mar 2026 07:01:00 +0000". */
export function formatDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** The complete message for one recipient: the compiled pieces with each slot value encoded in between. */
export function personalizeMessage(message: CompiledMessage, personal: PersonalHeaders, values: Record<SlotName, string>): Buffer {
  let head = foldField('To', formatMailbox(personal.to)) + foldField('Date', formatDate(personal.date)) + foldField('Message-ID', personal.messageId);
  // Structured values (URLs in angle brackets, message ids) are folded but never encoded.
  for (const [name, value] of Object.entries(personal.headers)) head += foldField(name, value);
  const chunks: Buffer[] = [Buffer.from(head, 'utf8'), message.sharedHeaders];
  for (const part of message.parts) {
    chunks.push(part.pieces[0]!);
    for (let i = 0; i < part.slots.length; i++) {
      chunks.push(ascii(softBreak + encodeQp(part.escape(values[part.slots[i]!])) + softBreak), part.pieces[i + 1]!);
    }
  }
  chunks.push(message.closing);
  return Buffer.concat(chunks);
}
