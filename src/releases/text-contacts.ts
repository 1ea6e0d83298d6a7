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
import { wordCount, type Block } from './text-lines.js';
import { looksLikePersonName, looksLikeRole } from './text-names.js';

/** "For more information", "For interviews", "To arrange an interview", "For media enquiries". */
const LEAD_IN = [
  String.raw`(?:for|to\s+(?:arrange|request|book))\s+(?:an?\s+|the\s+)?(?:more\s+|further\s+)?`,
  String.raw`(?:information|details|interviews?|comments?|photos|images|(?:media|press)\s+(?:enquiries|inquiries))`,
].join('');

const contactLabels = [
  /^(?:(?:media|press|news)\s+)?(?:contacts?|inquiries|enquiries)(?:\s+(?:information|info|details))?(?:\s+for\s+(?:the\s+)?(?:media|press))?\s*(?:[:\-–—]\s*|$)(.*)$/i,
  new RegExp(String.raw`^${LEAD_IN}\s*,?\s*(?:please\s+)?(?:contact|call|email|e-mail|write\s+to)\s*:?\s*(.*)$`, 'i'),
  /^contactos?(?:\s+(?:de\s+prensa|para\s+(?:los\s+)?medios|de\s+medios|con\s+(?:los\s+)?medios))?\s*(?:[:\-–—]\s*|$)(.*)$/iu,
  /^para\s+(?:m[aá]s\s+informaci[oó]n|entrevistas|consultas(?:\s+de\s+(?:prensa|medios))?)\s*,?\s*(?:por\s+favor\s+)?(?:contacte|contactar|comun[ií]quese|escriba|llame)(?:\s+(?:a|con))?\s*:?\s*(.*)$/iu,
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
const fieldLabels = /(?:^|\s|\|)(?:e-?mail|phone|tel(?:ephone)?|cell(?:ular)?|mobile|office|direct|main|fax|tel[eé]fono|celular|m[oó]vil|correo(?:\s+electr[oó]nico)?|name|nombre|[EPTMCO])\s*:\s*|\btel\.\s*/giu;
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
 * Name, then title and organisation (told apart by their words: what is not a job title is the
 * organisation); a new name after an email or phone starts the next contact.
 */
function placeWord(drafts: Draft[], word: string): void {
  const current = drafts.at(-1)!;
  if (current.name && (current.email || current.phone) && looksLikePersonName(word)) drafts.push({ name: word });
  else if (!current.name) current.name = word;
  else if (!current.organization && (current.title || !looksLikeRole(word))) current.organization = word;
  else if (!current.title) current.title = word;
}

const pressOffices: Record<string, string> = { en: 'Press office', es: 'Oficina de prensa' };

/** The name a contact gets when the card names no one: the model needs a name to write to. */
export const pressOfficeName = (language: string): string => pressOffices[language] ?? pressOffices.en!;

function finishContact(draft: Draft, unnamed: string): MediaContact | undefined {
  if (!draft.name && !draft.email && !draft.phone) return undefined;
  return { ...draft, name: draft.name ?? unnamed };
}

/** "Media:", "Investor Relations:": a card's group label, not a name. */
const isGroupLabel = (line: string): boolean => /^[\p{L} ]{2,30}:$/u.test(line.trim()) && wordCount(line) <= 3;

/**
 * Cards printed side by side ("Lena Park        Omar Haddad"): every line splits at wide gaps
 * into the same number of cells, and each column carries an email or a phone. Otherwise the
 * card is one column.
 */
function columnsOf(lines: readonly string[]): string[][] {
  const rows = lines.filter((l) => l.trim()).map((l) => l.trim().split(/\s{2,}/u));
  const width = rows[0]?.length ?? 0;
  if (rows.length < 2 || width < 2 || rows.some((cells) => cells.length !== width)) return [[...lines]];
  const columns = Array.from({ length: width }, (_, i) => rows.map((cells) => cells[i]!));
  return columns.every((column) => column.some(carriesEmailOrPhone)) ? columns : [[...lines]];
}

/**
 * Parse the lines of a contact block (the text after the label counts as the first line).
 * A card with an address or a phone but no name is named `unnamed`.
 */
export const parseContactCard = (lines: readonly string[], unnamed = pressOfficeName('en')): MediaContact[] =>
  columnsOf(lines).flatMap((column) => parseColumn(column, unnamed));

function parseColumn(lines: readonly string[], unnamed: string): MediaContact[] {
  const drafts: Draft[] = [{}];
  for (const line of lines.filter((l) => !isGroupLabel(l))) {
    const { emails, phones, words } = readContactLine(line);
    for (const word of words) placeWord(drafts, word);
    const current = drafts.at(-1)!;
    current.email ??= emails[0];
    current.phone ??= phones[0];
  }
  return drafts.map((d) => finishContact(d, unnamed)).filter((c): c is MediaContact => c !== undefined);
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

/**
 * Contact blocks (a label, or a card right after one) wherever they sit among `blocks`;
 * `unnamed` names a card that names no one.
 */
export function takeContacts(blocks: readonly Block[], unnamed: string): { contacts: MediaContact[]; rest: Block[] } {
  const contacts: MediaContact[] = [];
  const rest: Block[] = [];
  let afterContact = false;
  for (const block of blocks) {
    const texts = block.map((l) => l.text.trim());
    const label = contactLabelRest(texts[0]!);
    if (label !== undefined) {
      const size = contactBlockLength([label, ...texts.slice(1)]);
      contacts.push(...parseContactCard([label, ...texts.slice(1, size)], unnamed));
      if (size < block.length) rest.push(block.slice(size));
      afterContact = size === block.length;
    } else if (afterContact && looksLikeContactCard(texts)) {
      contacts.push(...parseContactCard(texts, unnamed));
    } else {
      rest.push(block);
      afterContact = false;
    }
  }
  return { contacts, rest };
}

/** A press office the card leaves unattached belongs to the organisation issuing the release. */
export function attachOrganization(contacts: readonly MediaContact[], unnamed: string, organization: string | undefined): MediaContact[] {
  if (!organization) return [...contacts];
  return contacts.map((c) => (c.name === unnamed && !c.organization ? { ...c, organization } : c));
}
