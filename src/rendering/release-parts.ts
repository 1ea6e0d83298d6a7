/**
 * What both parts of the email say, decided once: language, fixed wording, dates, the parsed
 * body with its dateline, which quotes still need showing, and which template blocks apply.
 * html-values.ts and text-values.ts then only differ in how they write it down.
 */
import type { Token } from 'markdown-it';
import { templateLanguageFor, type TemplateLanguage } from '../i18n/languages.js';
import type { Embargo, Quote, ReleaseContent } from '../releases/release.js';
import { applyDateline } from './dateline.js';
import { formatDate, formatInstant, formatUtcTime } from './dates.js';
import { parseMarkdown } from './markdown.js';
import { inlineText } from './markdown-text.js';
import { stringsFor, type Strings } from './strings.js';
import type { Theme } from './theme.js';
import { oneLine } from './wrap.js';

export interface Organization {
  name: string;
  postalAddress: string;
  websiteUrl?: string;
}

/** Render options after validation (see render-release.ts). */
export interface ValidOptions {
  variant: 'public' | 'embargoed';
  embargo?: Embargo;
  organization: Organization;
  webVersionUrl?: string;
}

/** The template blocks that come and go; each set of values is one compiled MJML skeleton. */
export type Conditions = Record<
  'embargoed' | 'subheadline' | 'releaseDate' | 'pullQuotes' | 'contacts' | 'boilerplate' | 'links' | 'logo' | 'webVersion' | 'website',
  boolean
>;

export interface ReleaseParts {
  language: TemplateLanguage;
  strings: Strings;
  conditions: Conditions;
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
  /** Subheadline, else the body's first sentence: the inbox preview line. */
  preheader: string;
}

export function releaseParts(content: ReleaseContent, options: ValidOptions, theme: Theme): ReleaseParts {
  const language = templateLanguageFor(content.language);
  const strings = stringsFor(language);
  const releaseDate = content.releaseDate ? formatDate(content.releaseDate, language) : undefined;
  const embargo = options.variant === 'embargoed' && options.embargo ? embargoWording(options.embargo, strings, language) : undefined;
  const body = parseMarkdown(content.body);
  applyDateline(body, content.dateline, releaseDate);
  const bodyWords = normalized(content.body);
  const pullQuotes = content.quotes.filter((q) => !bodyWords.includes(normalized(q.text)));
  const kind = strings.kindLabels[content.kind].toLocaleUpperCase(language);
  return {
    language,
    strings,
    subject: oneLine(embargo ? `${embargo.until}: ${content.headline}` : content.headline),
    kicker: embargo ? kind : `${kind} · ${strings.forImmediateRelease}`,
    embargoLine: embargo?.line,
    releaseDate,
    body,
    pullQuotes,
    boilerplate: content.boilerplate && parseMarkdown(content.boilerplate.text),
    preheader: oneLine(content.subheadline ?? firstSentence(body)),
    conditions: {
      embargoed: embargo !== undefined,
      subheadline: content.subheadline !== undefined,
      releaseDate: releaseDate !== undefined,
      pullQuotes: pullQuotes.length > 0,
      contacts: content.contacts.length > 0,
      boilerplate: content.boilerplate !== undefined,
      links: content.links.length > 0,
      logo: theme.logoUrl !== undefined,
      webVersion: options.webVersionUrl !== undefined,
      website: options.organization.websiteUrl !== undefined,
    },
  };
}

/** "EMBARGOED UNTIL <time in the release's zone>", and the banner line that adds the UTC time. */
function embargoWording(embargo: Embargo, strings: Strings, language: TemplateLanguage): { until: string; line: string } {
  const instant = new Date(embargo.until);
  const until = strings.embargoedUntil(formatInstant(instant, embargo.zone, language));
  return { until, line: `${until} (${formatUtcTime(instant, embargo.zone, language)})` };
}

/** Letters and digits only, so “curly” vs "straight" quotes or Markdown marks do not hide a match. */
const normalized = (s: string): string => s.toLocaleLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

function firstSentence(body: Token[]): string {
  const paragraph = oneLine(inlineText(body.find((t) => t.type === 'inline')?.children ?? []));
  const sentence = /^.{20,200}?[.!?](?=\s|$)/u.exec(paragraph)?.[0];
  return sentence ?? (paragraph.length > 200 ? `${paragraph.slice(0, 199)}…` : paragraph);
}

/** Placeholder values that read the same in both parts, as plain text (HTML escapes them). */
export function sharedText(content: ReleaseContent, parts: ReleaseParts, options: ValidOptions): Record<string, string> {
  const s = parts.strings;
  return {
    organizationName: options.organization.name,
    kicker: parts.kicker,
    embargoLine: parts.embargoLine ?? '',
    embargoNotice: s.embargoNotice,
    headline: content.headline,
    subheadline: content.subheadline ?? '',
    releaseDate: parts.releaseDate ?? '',
    mediaContactsLabel: s.mediaContacts(content.contacts.length),
    boilerplateHeading: content.boilerplate?.heading ?? '',
    linksLabel: s.links,
    readOnlineLabel: s.readOnline,
    sentToLabel: s.sentTo,
    receivingBecause: s.receivingBecause(options.organization.name),
    unsubscribeLabel: s.unsubscribe,
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
