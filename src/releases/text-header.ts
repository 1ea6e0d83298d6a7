/**
 * The header: everything above the first body paragraph. Titles (headline, subheadline),
 * a standalone date line, contact blocks. The body starts at the first paragraph that reads
 * like prose, opens with a dateline, or is an advisory field, a list or an editor's aside.
 */
import type { MediaContact, ReleaseKind } from './release.js';
import { isAdvisoryField } from './text-advisory.js';
import { contactBlockLength, contactLabelRest, looksLikeContactCard, parseContactCard } from './text-contacts.js';
import { isoDate, parseDateLine } from './text-dates.js';
import { readDateline } from './text-dateline.js';
import { continuesLine, isListItem, pinToLine, refuse, unwrapBlock, wordCount, type Block, type Line } from './text-lines.js';
import { preferKind, splitKindPrefix } from './text-markers.js';
import { isAside } from './text-notes.js';

export interface Header {
  headline?: string;
  subheadline?: string;
  kind?: ReleaseKind;
  releaseDate?: string;
  contacts: MediaContact[];
  /** Blocks from the first body paragraph on. */
  body: Block[];
}

interface Title {
  text: string;
  line: number;
}

/** What the pass tracks while reading the header. */
interface Reading extends Omit<Header, 'headline' | 'subheadline'> {
  /** Headline, then subheadline. */
  titles: Title[];
  /** First line of release metadata: a marker or a contact block (a date line often follows the headline). */
  metadataLine: number;
  /** The name for a contact card that names no one. */
  unnamed: string;
}

const noteMetadata = (reading: Reading, line: Line): void => {
  reading.metadataLine = Math.min(reading.metadataLine, line.number);
};

/**
 * A letterhead or site name ("Office of the Mayor", "Harbor Arts Council") above the real
 * headline: short titles all above the metadata with the new one below it, or a headline of
 * four words or fewer followed by a much longer title.
 */
function isLetterhead({ titles, metadataLine }: Reading, title: Title): boolean {
  if (titles.length === 0) return false;
  const aboveMetadata = title.line > metadataLine && titles.every((t) => t.line < metadataLine && wordCount(t.text) <= 8);
  const shortName = titles.length === 1 && wordCount(titles[0]!.text) <= 4 && wordCount(title.text) >= 6;
  return aboveMetadata || shortName;
}

const endsLikeSentence = (text: string): boolean => /[.!?…]["”»’)]?$/u.test(text);

const sentenceCount = (text: string): number => (text.match(/[.!?…]["”»’]?\s+["“«]?\p{Lu}/gu) ?? []).length + 1;

/**
 * Body text, not a title: long, or several sentences, or a finished sentence of some length
 * (subheadlines seldom end with a full stop; when one does, keeping it in the body loses nothing).
 */
const isProse = (text: string): boolean =>
  text.length > 250 || (endsLikeSentence(text) && (wordCount(text) > 12 || sentenceCount(text) >= 2));

function opensBody(lines: readonly Line[]): boolean {
  const first = unwrapBlock(lines)[0]!.text;
  if (isAdvisoryField(first) || isListItem(first) || isAside(first)) return true;
  const dateline = readDateline(first);
  // A dateline alone on its line ("WASHINGTON — March 3, 2026") counts only with its date, and
  // one before a few words only with a sentence or a lead-in ("…issued the following statement:"),
  // so that a title such as "NASA: Launch Delayed" stays a title.
  if (dateline && (dateline.rest ? endsLikeSentence(dateline.rest) || dateline.rest.endsWith(':') : dateline.date)) return true;
  return isProse(first);
}

const comparable = (title: string): string => title.toLowerCase().replace(/[^\p{L}\d]+/gu, '');

/** "Statement: <title>" next to "<title>" is one headline; a third title means the body began. */
function addTitle(reading: Reading, line: string, lineNumber: number): 'added' | 'full' {
  const { kind, title } = splitKindPrefix(line.replace(/^#{1,6}\s+/u, ''));
  reading.kind = preferKind(reading.kind, kind);
  if (reading.titles.some((t) => comparable(t.text) === comparable(title))) return 'added';
  const next = { text: title, line: lineNumber };
  if (isLetterhead(reading, next)) reading.titles = [];
  if (reading.titles.length === 2) return 'full';
  reading.titles.push(next);
  return 'added';
}

/** The title starting at line `i`, with the hard-wrapped lines that continue it. */
function titleAt(texts: readonly string[], i: number): { title: string; next: number } {
  let title = texts[i]!;
  let next = i + 1;
  while (next < texts.length && continuesLine(title, texts[next]!) && contactLabelRest(texts[next]!) === undefined) {
    title += ` ${texts[next++]}`;
  }
  return { title, next };
}

/** "December 2, 2021", also as a web page prints it: "Published: January 12, 2026". */
function takeDateLine(reading: Reading, line: Line): boolean {
  const phrase = parseDateLine(line.text.replace(/^\s*(?:published|posted(?: on)?|dated?|released|fecha|publicado(?: el)?)\s*:?\s+/iu, ''));
  if (!phrase) return false;
  if (!phrase.valid) throw pinToLine(line, refuse('releaseDate', `"${line.text.trim()}" is not a calendar date`));
  reading.releaseDate ??= isoDate(phrase.date);
  return true;
}

/** Read one header block. Returns where the body starts in it, if it does. */
function readHeaderBlock(reading: Reading, block: Block): { bodyFrom?: number; endsInContact: boolean } {
  const texts = block.map((l) => l.text.trim());
  const unlabelledCard = texts.every((t) => contactLabelRest(t) === undefined) && texts.some((t) => t.includes('@'));
  if (unlabelledCard && looksLikeContactCard(texts) && !opensBody(block)) {
    reading.contacts.push(...parseContactCard(texts, reading.unnamed));
    noteMetadata(reading, block[0]!);
    return { endsInContact: true };
  }
  let endsInContact = false;
  let i = 0;
  while (i < block.length) {
    const label = contactLabelRest(texts[i]!);
    endsInContact = label !== undefined;
    if (label !== undefined) {
      const size = contactBlockLength([label, ...texts.slice(i + 1)]);
      reading.contacts.push(...parseContactCard([label, ...texts.slice(i + 1, i + size)], reading.unnamed));
      noteMetadata(reading, block[i]!);
      i += size;
    } else if (takeDateLine(reading, block[i]!)) {
      i += 1;
    } else {
      const { title, next } = titleAt(texts, i);
      if (opensBody(block.slice(i)) || addTitle(reading, title, block[i]!.number) === 'full') return { bodyFrom: i, endsInContact };
      i = next;
    }
  }
  return { endsInContact };
}

/**
 * Read the header blocks, and hand back the blocks where the body begins. `unnamed` names a
 * contact card that names no one.
 */
export function readHeader(blocks: readonly Block[], unnamed: string, firstMarkerLine = Infinity): Header {
  const reading: Reading = { titles: [], contacts: [], body: [], metadataLine: firstMarkerLine, unnamed };
  let afterContact = false;
  for (const [i, block] of blocks.entries()) {
    if (afterContact && looksLikeContactCard(block.map((l) => l.text))) {
      reading.contacts.push(...parseContactCard(block.map((l) => l.text), unnamed));
      continue;
    }
    const { bodyFrom, endsInContact } = readHeaderBlock(reading, block);
    if (bodyFrom !== undefined) {
      reading.body = [block.slice(bodyFrom), ...blocks.slice(i + 1)];
      break;
    }
    afterContact = endsInContact;
  }
  const { titles: [headline, subheadline], kind, releaseDate, contacts, body } = reading;
  return { headline: headline?.text, subheadline: subheadline?.text, kind, releaseDate, contacts, body };
}
