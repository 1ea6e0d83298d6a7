/**
 * What every rendering of a release says, decided once: language, fixed wording, dates, the
 * parsed body with its dateline, which quotes still need showing, and which blocks apply.
 * The email's HTML and text parts and the web page then only differ in how they write it down.
 */
import type { Token } from 'markdown-it';
import { templateLanguageFor, type TemplateLanguage } from '../i18n/languages.js';
import type { Embargo, Quote, ReleaseContent } from '../releases/release.js';
import { applyDateline } from './dateline.js';
import { formatDate, formatEmbargoTime, formatInstant } from './dates.js';
import { parseMarkdown } from './markdown.js';
import { inlineText } from './markdown-text.js';
import { stringsFor, type Strings } from './strings.js';
import { oneLine } from './wrap.js';

/** The release's own blocks that come and go in its templates. */
export type ContentConditions = Record<
  'embargoed' | 'subheadline' | 'releaseDate' | 'pullQuotes' | 'contacts' | 'boilerplate' | 'notesToEditors' | 'links',
  boolean
>;

export interface ReleaseParts {
  language: TemplateLanguage;
  strings: Strings;
  conditions: ContentConditions;
  subject: string;
  /** "PRESS RELEASE · FOR IMMEDIATE RELEASE" */
  kicker: string;
  /** "EMBARGOED UNTIL Tuesday, March 10, 2026, 12:01 AM PDT (07:01 UTC)" */
  embargoLine?: string;
  releaseDate?: string;
  body: Token[];
  /** Quotes whose words are not already in the body. */
  pullQuotes: Quote[];
  boilerplate?: Token[];
  /** The notes to editors as one numbered list (a single note as its paragraph). */
  notesToEditors?: Token[];
  /** Subheadline, else the body's first sentence: the inbox preview line. */
  preheader: string;
}

/** The parts of `content`, shown under `embargo` when one is given (the embargoed variant). */
export function releaseParts(content: ReleaseContent, embargo?: Embargo): ReleaseParts {
  const language = templateLanguageFor(content.language);
  const strings = stringsFor(language);
  const releaseDate = content.releaseDate ? formatDate(content.releaseDate, language) : undefined;
  const wording = embargo && embargoWording(embargo, strings, language);
  const body = parseMarkdown(content.body);
  applyDateline(body, content.dateline, releaseDate);
  const bodyWords = normalized(content.body);
  const pullQuotes = content.quotes.filter((q) => !bodyWords.includes(normalized(q.text)));
  const kind = strings.kindLabels[content.kind].toLocaleUpperCase(language);
  return {
    language,
    strings,
    subject: oneLine(wording ? `${wording.until}: ${content.headline}` : content.headline),
    kicker: wording ? kind : `${kind} · ${strings.forImmediateRelease}`,
    embargoLine: wording?.line,
    releaseDate,
    body,
    pullQuotes,
    boilerplate: content.boilerplate && parseMarkdown(content.boilerplate.text),
    notesToEditors: content.notesToEditors?.length ? parseMarkdown(notesMarkdown(content.notesToEditors)) : undefined,
    preheader: oneLine(content.subheadline ?? firstSentence(body)),
    conditions: {
      embargoed: wording !== undefined,
      subheadline: content.subheadline !== undefined,
      releaseDate: releaseDate !== undefined,
      pullQuotes: pullQuotes.length > 0,
      contacts: content.contacts.length > 0,
      boilerplate: content.boilerplate !== undefined,
      notesToEditors: (content.notesToEditors?.length ?? 0) > 0,
      links: content.links.length > 0,
    },
  };
}

/** "EMBARGOED UNTIL <time in the release's zone>", and the banner line that adds the UTC time. */
function embargoWording(embargo: Embargo, strings: Strings, language: TemplateLanguage): { until: string; line: string } {
  return {
    until: strings.embargoedUntil(formatInstant(new Date(embargo.until), embargo.zone, language)),
    line: strings.embargoedUntil(formatEmbargoTime(embargo, language)),
  };
}

/** Notes as one Markdown list, each note's later lines indented under its number. */
function notesMarkdown(notes: readonly string[]): string {
  if (notes.length === 1) return notes[0]!;
  return notes
    .map((note, i) => {
      const number = `${i + 1}. `;
      return `${number}${note.replace(/\n/g, `\n${' '.repeat(number.length)}`)}`;
    })
    .join('\n');
}

/** Letters and digits only, so “curly” vs "straight" quotes or Markdown marks do not hide a match. */
const normalized = (s: string): string => s.toLocaleLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

function firstSentence(body: Token[]): string {
  const paragraph = oneLine(inlineText(body.find((t) => t.type === 'inline')?.children ?? []));
  const sentence = /^.{20,200}?[.!?](?=\s|$)/u.exec(paragraph)?.[0];
  return sentence ?? (paragraph.length > 200 ? `${paragraph.slice(0, 199)}…` : paragraph);
}

/** Placeholder values that read the same in both parts, as plain text (HTML escapes them). */
export function sharedText(content: ReleaseContent, parts: ReleaseParts): Record<string, string> {
  const s = parts.strings;
  return {
    kicker: parts.kicker,
    embargoLine: parts.embargoLine ?? '',
    embargoNotice: s.embargoNotice,
    headline: content.headline,
    subheadline: content.subheadline ?? '',
    releaseDate: parts.releaseDate ?? '',
    mediaContactsLabel: s.mediaContacts(content.contacts.length),
    boilerplateHeading: content.boilerplate?.heading ?? '',
    notesToEditorsHeading: s.notesToEditors,
    linksLabel: s.links,
  };
}

/** A contact's lines, in the order both parts show them. */
export function contactDetails(contact: ReleaseContent['contacts'][number]): { name: string; role?: string; email?: string; phone?: string } {
  const role = [contact.title, contact.organization].filter(Boolean).join(', ');
  return { name: contact.name, role: role || undefined, email: contact.email, phone: contact.phone };
}

/** “Quote text”, unless the author already put it in quotation marks. */
export function quoted(text: string, strings: Strings): string {
  return /^["“«„']/.test(text) ? text : `${strings.openQuote}${text}${strings.closeQuote}`;
}

/** "— Rosa Delgado, Executive Director" */
export const attribution = (quote: Quote): string => `— ${[quote.speaker, quote.title].filter(Boolean).join(', ')}`;
