/**
 * Quote paragraphs: quoted speech plus one attribution, in either order.
 *   “…,” said Rosa Delgado, executive director of Harbor Legal Aid. “…”
 *   Managing Attorney of ImmDef’s Cross-Border Initiative, Margaret Cargioli, shared, “…”
 *   "…", dijo Rosa Delgado, directora ejecutiva de Harbor Legal Aid. "…".
 * A paragraph that mixes quoted words into ordinary sentences is not a quote paragraph.
 */
import type { Quote } from './release.js';
import { endsWithAbbreviation } from './text-lines.js';
import { looksLikePersonName, splitTitleBeforeName } from './text-names.js';

interface Segment {
  quoted: boolean;
  text: string;
}

/** Opening marks and their closing marks; single quotes are the British style. */
const closingFor: Record<string, string> = { '“': '”', '«': '»', '„': '“', '"': '"', '‘': '’' };

/** Whether `ch` closes the quote `closer` ends: "’" followed by a letter is an apostrophe ("don’t"). */
const closesQuote = (closer: string | undefined, ch: string, next: string | undefined): boolean =>
  (ch === closer || (closer === '“' && ch === '”')) && !(ch === '’' && next !== undefined && /\p{L}/u.test(next));

/** Split a paragraph into quoted and unquoted runs; undefined when a quote is never closed. */
function splitQuoted(paragraph: string): Segment[] | undefined {
  const segments: Segment[] = [];
  let text = '';
  let closer: string | undefined;
  const chars = [...paragraph];
  for (const [i, ch] of chars.entries()) {
    const closes = closesQuote(closer, ch, chars[i + 1]);
    if (closer === undefined && closingFor[ch]) {
      segments.push({ quoted: false, text });
      [text, closer] = ['', closingFor[ch]];
    } else if (closes) {
      segments.push({ quoted: true, text });
      [text, closer] = ['', undefined];
    } else {
      text += ch;
    }
  }
  if (closer !== undefined) return undefined;
  segments.push({ quoted: false, text });
  return segments;
}

const isTrivial = (text: string): boolean => /^[\s.,;:!?…]*$/u.test(text);

/** The spoken words, with "…own,” said" turned back into a finished sentence. */
function spokenText(segments: readonly Segment[]): string {
  const sentences = segments.flatMap((segment, i) => {
    if (!segment.quoted) return [];
    const after = /^[.!?…]+/u.exec(segments[i + 1]?.text ?? '')?.[0] ?? '';
    const words = `${segment.text.trim()}${after}`.replace(/[,;:]$/u, '');
    return [/[.!?…]$/u.test(words) ? words : `${words}.`];
  });
  return sentences.join(' ');
}

const VERB = [
  'said', 'says', 'stated', 'states', 'added', 'adds', 'shared', 'shares', 'explained', 'explains', 'noted', 'notes',
  'commented', 'remarked', 'continued', 'emphasi[sz]ed', 'urged', 'declared', 'affirmed', 'observed', 'concluded',
  'wrote', 'writes', 'asserted', 'argued', 'warned', 'recalled', 'acknowledged', 'announced',
  'dijo', 'dice', 'afirmó', 'afirma', 'señaló', 'señala', 'declaró', 'declara', 'expresó', 'agregó', 'añadió',
  'comentó', 'explicó', 'indicó', 'destacó', 'aseguró', 'sostuvo', 'subrayó', 'manifestó', 'enfatizó', 'advirtió', 'concluyó',
].join('|');
const VERB_PHRASE = String.raw`(?:${VERB})(?:\s+(?:in\s+a\s+statement|today|hoy|en\s+un\s+comunicado))?`;

const attributionAfterQuote = [
  new RegExp(String.raw`^${VERB_PHRASE}\s+(?<who>.+)$`, 'iu'),
  new RegExp(String.raw`^(?<who>.+?),?\s+${VERB_PHRASE}$`, 'iu'),
  /^[—–-]\s*(?<who>.+)$/u,
];
/** "issued the following statement", "emitió la siguiente declaración". */
const ISSUED_STATEMENT = [
  String.raw`(?:issued|released|made|gave|shared)\s+(?:the\s+following|this|a)\s+statement`,
  String.raw`(?:emiti[oó]|dio\s+a\s+conocer|difundi[oó])\s+(?:la\s+siguiente\s+declaraci[oó]n|el\s+siguiente\s+comunicado)`,
].join('|');
const attributionBeforeQuote = [
  new RegExp(String.raw`^(?<who>.+?),?\s+${VERB_PHRASE}(?:\s+that|\s+que)?$`, 'iu'),
  new RegExp(String.raw`^(?<who>.+?),?\s+(?:${ISSUED_STATEMENT})(?:\s+(?:on|about|regarding|in\s+response|today|sobre|hoy)\b.*)?$`, 'iu'),
  /^(?:according\s+to|seg[uú]n)\s+(?<who>.+)$/iu,
];

/** Trim attribution punctuation, keeping the dot of "Inc." or "D.C.". */
function trimAttribution(text: string): string {
  const t = text.trim().replace(/^[\s,;:]+|[\s,;:]+$/gu, '');
  return endsWithAbbreviation(t) ? t : t.replace(/\.$/u, '');
}

const pronoun = /^(?:he|she|they|él|ella|ellos|ellas)$/iu;

/** "Executive Director Alicia Moreno"; "Delgado" for someone quoted earlier; "Mayor Alvarez" as written. */
function readLoneSpeaker(who: string, earlier: readonly Quote[]): Omit<Quote, 'text'> | undefined {
  const titled = splitTitleBeforeName(who);
  if (titled) return { speaker: titled.name, title: titled.title };
  const known = earlier.find((q) => q.speaker.split(/\s+/).at(-1) === who);
  if (known) return { speaker: known.speaker, title: known.title };
  return /^(?:\p{Lu}[\p{L}.'’\-]*\s+){1,3}\p{Lu}[\p{L}'’\-]+$/u.test(who) ? { speaker: who } : undefined;
}

/** "Rosa Delgado, executive director of …" / "Managing Attorney of …, Margaret Cargioli" → speaker and title. */
function readSpeaker(who: string, earlier: readonly Quote[]): Omit<Quote, 'text'> | undefined {
  const cleaned = who.replace(/^(?:(?:in|on|at|during|en|durante)\b[^,]{0,60}|today|hoy|yesterday|ayer),\s*/iu, '');
  const parts = cleaned.split(/,\s*/u).map(trimAttribution).filter(Boolean);
  const previous = earlier.at(-1);
  if (parts.length === 1 && pronoun.test(parts[0]!)) return previous && { speaker: previous.speaker, title: previous.title };
  const index = parts.findIndex(looksLikePersonName);
  if (index === -1) return parts.length === 1 ? readLoneSpeaker(parts[0]!, earlier) : undefined;
  const titleParts = index < parts.length - 1 ? parts.slice(index + 1) : parts.slice(0, index);
  const title = titleParts.join(', ');
  return { speaker: parts[index]!, title: title && title.length <= 300 ? title : undefined };
}

function readAttribution(text: string, patterns: readonly RegExp[], earlier: readonly Quote[]): Omit<Quote, 'text'> | undefined {
  const attribution = trimAttribution(text);
  // An attribution is part of one sentence; more than that is prose around the quote.
  if (lastSentenceEnd(attribution) !== -1) return undefined;
  for (const pattern of patterns) {
    const who = pattern.exec(attribution)?.groups?.who;
    const speaker = who ? readSpeaker(who, earlier) : undefined;
    if (speaker) return speaker;
  }
  return undefined;
}

/** The quote a paragraph consists of, or undefined when it is ordinary prose. */
export function readQuote(paragraph: string, earlier: readonly Quote[] = []): Quote | undefined {
  const segments = splitQuoted(paragraph);
  if (!segments) return undefined;
  const plain = segments.filter((s) => !s.quoted && !isTrivial(s.text));
  const firstQuoted = segments.findIndex((s) => s.quoted);
  if (plain.length !== 1 || firstQuoted === -1) return undefined;
  const text = spokenText(segments);
  if (text.split(/\s+/).length < 4) return undefined;
  const before = segments.indexOf(plain[0]!) < firstQuoted;
  const speaker = readAttribution(plain[0]!.text, before ? attributionBeforeQuote : attributionAfterQuote, earlier);
  return speaker && { text, ...speaker };
}

/** Where the last full sentence of `prose` ends ("Inc.", "D.C." and the "F." of "John F. Kennedy" do not end one), or -1. */
function lastSentenceEnd(prose: string): number {
  const endsSentence = (upTo: string): boolean => !endsWithAbbreviation(upTo) && !/(?:^|\s)\p{Lu}\.$/u.test(upTo);
  const ends = [...prose.matchAll(/[.!?]["”»’)]?\s+/gu)].filter((m) => endsSentence(prose.slice(0, m.index + 1)));
  const last = ends.at(-1);
  return last ? last.index + last[0].length : -1;
}

/**
 * The quote that closes a paragraph of prose, as a one-paragraph statement has it: "Today the
 * court ruled…. “…,” said Maria Lopez, executive director. “…”". The sentences before the
 * quote are set aside and the rest must read as a quote paragraph.
 */
export function readClosingQuote(paragraph: string, earlier: readonly Quote[] = []): Quote | undefined {
  const opening = paragraph.search(/[“«„"‘]/u);
  const cut = opening > 0 ? lastSentenceEnd(paragraph.slice(0, opening)) : -1;
  return cut > 0 ? readQuote(paragraph.slice(cut), earlier) : undefined;
}

/**
 * A paragraph of quotation introduced by the paragraph before it ("Maria Lopez issued the
 * following statement:" / "“…”"): the introduction is its attribution.
 */
export function readIntroducedQuote(introduction: string | undefined, paragraph: string, earlier: readonly Quote[] = []): Quote | undefined {
  if (!introduction?.trimEnd().endsWith(':')) return undefined;
  const joined = `${introduction} ${paragraph}`;
  return readQuote(joined, earlier) ?? readClosingQuote(joined, earlier);
}
