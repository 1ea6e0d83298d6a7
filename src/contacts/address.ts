/**
 * The one rule for an email address, applied when a contact is imported and
 * again on the stored value right before any SMTP command.
 *
 * Why so strict: nodemailer re-parses address strings, so a stored value such as
 * `ed@news.example\r\nBcc: spy@evil.test` or `a@x.test, spy@evil.test` would add
 * recipients. We accept exactly one bare addr-spec (no display name, no quoted
 * local part, no address literal) and nothing a header or address-list parser
 * could read as structure.
 */
import { z } from 'zod';

export type AddressCheck = { ok: true; address: string; key: string } | { ok: false; reason: string };

// RFC 5321 path limit (256) minus the angle brackets; it also keeps the domain under its 253.
const MAX_ADDRESS_OCTETS = 254;
const MAX_LOCAL_OCTETS = 64;
const MAX_LABEL_OCTETS = 63;

// U+2028/2029 and NEL are line breaks to some parsers too.
const LINE_BREAK = /[\r\n\u2028\u2029\u0085]/u;

/** Characters that mean structure to a header or address-list parser, each with the reason we give. */
const forbidden: ReadonlyArray<[RegExp, string]> = [
  [/[\p{Cc}\p{Cf}]/u, 'contains a control or invisible character'],
  [/,/, 'contains a comma'],
  [/;/, 'contains a semicolon'],
  [/[<>]/, 'contains angle brackets'],
  [/:/, 'contains a colon'],
  [/"/, 'contains a double quote'],
  [/[()]/, 'contains parentheses'],
  [/\\/, 'contains a backslash'],
  [/[[\]]/, 'contains square brackets'],
  [/\s/u, 'contains a space'],
];

// RFC 5322 atext; \p{L} covers ASCII letters and the non-ASCII letters RFC 6531 allows
// (with combining marks, for decomposed input).
const LOCAL_CHAR = /^[\p{L}\p{M}\p{Nd}!#$%&'*+/=?^_`{|}~-]$/u;
// An LDH label; non-ASCII letters stand in for the IDN A-label they will be encoded to.
const DOMAIN_LABEL = /^[\p{L}\p{Nd}](?:[\p{L}\p{M}\p{Nd}-]*[\p{L}\p{M}\p{Nd}])?$/u;

const octets = (s: string): number => Buffer.byteLength(s, 'utf8');

function localPartProblem(local: string): string | undefined {
  if (!local) return 'has nothing before the @';
  if (octets(local) > MAX_LOCAL_OCTETS) return `has a part before the @ longer than ${MAX_LOCAL_OCTETS} characters`;
  if (local.startsWith('.') || local.endsWith('.')) return 'starts or ends with a dot before the @';
  if (local.includes('..')) return 'has two dots in a row';
  const bad = [...local].find((ch) => ch !== '.' && !LOCAL_CHAR.test(ch));
  return bad === undefined ? undefined : `has a character not allowed before the @: '${bad}'`;
}

function domainProblem(domain: string): string | undefined {
  if (!domain) return 'has no domain';
  const labels = domain.split('.');
  if (labels.length < 2) return `domain '${domain}' has no dot, so it is not a public host name`;
  const validLabel = (label: string): boolean => octets(label) <= MAX_LABEL_OCTETS && DOMAIN_LABEL.test(label);
  // An all-numeric last label is an IP address in disguise (RFC 3696 §2).
  const topLevel = labels[labels.length - 1] ?? '';
  if (!labels.every(validLabel) || /^[0-9]+$/.test(topLevel)) return `domain '${domain}' is not a valid host name`;
  return undefined;
}

function addressProblem(address: string): string | undefined {
  if (!address) return 'is empty';
  for (const [pattern, reason] of forbidden) if (pattern.test(address)) return reason;
  const parts = address.split('@');
  if (parts.length === 1) return 'has no @';
  if (parts.length > 2) return 'has more than one @';
  if (octets(address) > MAX_ADDRESS_OCTETS) return `is longer than ${MAX_ADDRESS_OCTETS} characters`;
  const [local = '', domain = ''] = parts;
  return localPartProblem(local) ?? domainProblem(domain);
}

/**
 * Check one email address. `address` is the value without surrounding whitespace,
 * case preserved: send that, never the raw input. `key` compares addresses
 * (Unicode-normalized, lowercased); `reason` completes a sentence about the value
 * ("Email 'x' has more than one @").
 */
export function checkAddress(value: string): AddressCheck {
  // Checked before trimming: a trailing CRLF in a stored value means someone tried something.
  if (LINE_BREAK.test(value)) return { ok: false, reason: 'contains a line break' };
  const address = value.trim();
  const reason = addressProblem(address);
  if (reason) return { ok: false, reason };
  return { ok: true, address, key: address.normalize('NFC').toLowerCase() };
}

export const isDeliverableAddress = (value: string): boolean => checkAddress(value).ok;

/** One address typed by a person (a form, an API body): the checked address and its key, or the reason it is not one. */
export const addressInput = () =>
  z
    .string()
    .max(1000)
    .transform((value, ctx) => {
      const check = checkAddress(value.trim());
      if (check.ok) return { address: check.address, key: check.key };
      ctx.addIssue({ code: 'custom', message: check.reason });
      return z.NEVER;
    });
