/**
 * Media contact blocks:
 *   Media Contact:                      Contact: Renee Garcia
 *   Dana Whitfield, Communications Director
 *   press@harborlegalaid.example.org | (555) 010-2231
 * Name first, then title and organisation (after commas or on their own lines), email and
 * phone anywhere. A block ends at a blank line.
 */
import type { MediaContact } from './release.js';
import { parseDateLine } from './text-dates.js';
import { wordCount } from './text-lines.js';
import { looksLikeOrganization, looksLikePersonName } from './text-names.js';

const contactLabels = [
  /^(?:(?:media|press|news)\s+)?(?:contacts?|inquiries|enquiries)(?:\s+(?:information|info|details))?(?:\s+for\s+(?:the\s+)?(?:media|press))?\s*(?:[:\-–—]\s*|$)(.*)$/i,
  /^for\s+(?:more\s+|further\s+)?(?:information|details)\s*,?\s*(?:please\s+)?contact\s*:?\s*(.*)$/i,
  /^contactos?(?:\s+(?:de\s+prensa|para\s+(?:los\s+)?medios|de\s+medios|con\s+(?:los\s+)?medios))?\s*(?:[:\-–—]\s*|$)(.*)$/iu,
  /^(?:media|press)\s+office\s*(?::\s*|$)(.*)$/i,
];

/** What follows a contact label ("" when the label stands alone), or undefined when `line` is not one. */
export function contactLabelRest(line: string): string | undefined {
  const text = line.trim().replace(/^[*_]+|[*_]+(?=:)/g, '');
  for (const re of contactLabels) {
    const m = re.exec(text);
    if (m) return m[1]!.trim();
  }
  return undefined;
}

const emailPattern = /[\w.+'-]+@[\w-]+(?:\.[\w-]+)+/g;
const phonePattern = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d[\d\s.-]{5,}\d(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?/gi;
const fieldLabels = /(?:^|\s|\|)(?:e-?mail|phone|tel(?:ephone)?|cell(?:ular)?|mobile|office|direct|main|fax|tel[eé]fono|celular|m[oó]vil|correo(?:\s+electr[oó]nico)?|[EPTMCO])\s*:\s*|\btel\.\s*/giu;
const urlPattern = /\b(?:https?:\/\/|www\.)\S+/gi;

/** Little words joining the parts of a sentence-style contact ("… at dana@… or 216-555-0134"). */
const JOINER = '(?:or|and|at|on|via|o|y|en|al)';
const joinerAtEdges = new RegExp(String.raw`^(?:${JOINER}\s+)+|(?:\s+${JOINER})+\.?$`, 'giu');
const onlyJoiner = new RegExp(`^${JOINER}$`, 'iu');

const digitCount = (s: string): number => s.replace(/\D/g, '').length;
const phonesIn = (text: string): string[] =>
  (text.match(phonePattern) ?? []).map((p) => p.trim()).filter((p) => digitCount(p) >= 7 && digitCount(p) <= 15);

/** Split one line of a contact card into its pieces. */
function readContactLine(line: string): { emails: string[]; phones: string[]; words: string[] } {
  let rest = line.replace(urlPattern, ' ');
  const emails = rest.match(emailPattern) ?? [];
  rest = rest.replace(emailPattern, ' ');
  const phones = phonesIn(rest);
  for (const phone of phones) rest = rest.replace(phone, ' ');
  const words = rest
    .replace(fieldLabels, ' | ')
    .split(/\s*[|•·;]\s*|\s+\/\s+|,\s*|\s{2,}/)
    .map((w) => w.trim().replace(joinerAtEdges, ''))
    .filter((w) => /\p{L}/u.test(w) && !onlyJoiner.test(w));
  return { emails, phones, words };
}

type Draft = Partial<MediaContact>;

/**
 * Name, then title and organisation (told apart by their words); a new name after an email
 * or phone starts the next contact.
 */
function placeWord(drafts: Draft[], word: string): void {
  const current = drafts.at(-1)!;
  if (current.name && (current.email || current.phone) && looksLikePersonName(word)) drafts.push({ name: word });
  else if (!current.name) current.name = word;
  else if (!current.organization && (looksLikeOrganization(word) || current.title)) current.organization = word;
  else if (!current.title) current.title = word;
}

function finishContact(draft: Draft): MediaContact | undefined {
  const name = draft.name ?? draft.organization ?? draft.email;
  return name ? { ...draft, name } : undefined;
}

/** Parse the lines of a contact block (the text after the label counts as the first line). */
export function parseContactCard(lines: readonly string[]): MediaContact[] {
  const drafts: Draft[] = [{}];
  for (const line of lines) {
    const { emails, phones, words } = readContactLine(line);
    for (const word of words) placeWord(drafts, word);
    const current = drafts.at(-1)!;
    current.email ??= emails[0];
    current.phone ??= phones[0];
  }
  return drafts.map(finishContact).filter((c): c is MediaContact => c !== undefined);
}

const carriesEmailOrPhone = (line: string): boolean => line.match(emailPattern) !== null || phonesIn(line).length > 0;

/**
 * How many of `lines` (the label's own line first) belong to the contact block. It ends at a
 * date line, or, once an email or phone was seen, at a line of prose (a headline with no blank
 * line before it).
 */
export function contactBlockLength(lines: readonly string[]): number {
  let reachable = false;
  for (const [i, line] of lines.entries()) {
    const carries = carriesEmailOrPhone(line);
    if (i > 0 && (parseDateLine(line) || (reachable && !carries && wordCount(line) > 8))) return i;
    reachable ||= carries;
  }
  return lines.length;
}

/** A short block carrying an email or a phone number: a contact card without a label. */
export function looksLikeContactCard(lines: readonly string[]): boolean {
  if (lines.length > 5 || lines.some((l) => l.length > 140)) return false;
  return lines.some(carriesEmailOrPhone);
}
