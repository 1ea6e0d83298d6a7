/**
 * Front-matter values → release fields. The YAML is read with the failsafe schema, so every
 * scalar arrives as text ("phone: 5550100" keeps its digits, "language: no" stays "no");
 * these readers turn that text into the model's shapes, forgiving where a person would be
 * ("Press release", a single contact instead of a list) and precise where they err.
 */
import { parseInstantInput, resolveZone } from '../time/zoned-time.js';
import { parseEmbargo } from './embargo-text.js';
import type { Boilerplate, Embargo, Link, MediaContact, Quote, ReleaseKind, SocialText } from './release.js';
import { aboutHeadingFor, boilerplateShapeOrg } from './text-boilerplate.js';
import { parseContactCard } from './text-contacts.js';
import { isoDate, parseDateLine } from './text-dates.js';
import { refuse } from './text-lines.js';
import { labelForUrl } from './text-links.js';
import { kindFromLabel } from './text-markers.js';

type Fields = Record<string, unknown>;

/** Edit distance, to suggest "headline" for "headine". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

export function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  // Case aside, so that "notestoeditors" finds "notesToEditors".
  const near = allowed.find((k) => distance(k.toLowerCase(), key.toLowerCase()) <= 2);
  return `unknown key "${key}"${near ? ` (did you mean "${near}"?)` : ''}; the keys are ${allowed.join(', ')}`;
}

const join = (field: string, key: string): string => `${field}.${key}`;

/** A map with only `allowed` keys and all `required` ones. */
function mapValue(value: unknown, field: string, allowed: readonly string[], required: readonly string[] = []): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw refuse(field, `must be a map of ${allowed.join(', ')}`);
  }
  const fields = value as Fields;
  for (const key of Object.keys(fields)) {
    if (!allowed.includes(key)) throw refuse(join(field, key), unknownKeyMessage(key, allowed));
  }
  for (const key of required) {
    if (textValue(fields[key], join(field, key)) === undefined) throw refuse(join(field, key), 'is required');
  }
  return fields;
}

/** Trimmed text; undefined when absent or empty. */
export function textValue(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw refuse(field, 'must be text, not a list or a map');
  return value.trim() || undefined;
}

/** A list; a single item written without the dash counts as a list of one. */
function listValue(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

export function readKind(value: unknown): ReleaseKind | undefined {
  const label = textValue(value, 'kind');
  if (label === undefined) return undefined;
  const kind = kindFromLabel(label);
  if (!kind) throw refuse('kind', `unknown kind "${label}"; use Press release, Statement or Media advisory`);
  return kind;
}

/** "2030-03-10", "March 10, 2030", "10 de marzo de 2030" → "2030-03-10". */
export function readDate(value: unknown): string | undefined {
  const text = textValue(value, 'date');
  if (text === undefined) return undefined;
  const phrase = parseDateLine(text);
  if (!phrase) throw refuse('date', `"${text}" is not a date; write 2030-03-10 or March 10, 2030`);
  if (!phrase.valid) throw refuse('date', `"${text}" is not a calendar date`);
  return isoDate(phrase.date);
}

/** Any embargo line form, or `{until, zone}` with `until` local to `zone` or carrying its own offset. */
export function readEmbargo(value: unknown): Embargo | undefined {
  if (typeof value === 'string' || value === undefined) {
    const text = textValue(value, 'embargo');
    return text === undefined ? undefined : parseEmbargo(text, 'embargo');
  }
  const fields = mapValue(value, 'embargo', ['until', 'zone'], ['until', 'zone']);
  const [until, zoneName] = [textValue(fields.until, 'embargo.until')!, textValue(fields.zone, 'embargo.zone')!];
  const zone = resolveZone(zoneName);
  if (!zone) throw refuse('embargo.zone', `unknown time zone "${zoneName}"; use an IANA name such as America/Los_Angeles`);
  const hasOffset = /(?:z|[+-]\d{2}:?\d{2})$/i.test(until);
  return { until: parseInstantInput(hasOffset ? until : `${until} ${zone}`, 'embargo.until').until, zone };
}

const contactKeys = ['name', 'title', 'organization', 'email', 'phone'] as const;

function readContact(value: unknown, field: string, organization: string | undefined): MediaContact {
  if (typeof value === 'string') {
    const [contact] = parseContactCard([value]);
    if (!contact) throw refuse(field, `"${value}" names no one`);
    return { organization, ...contact };
  }
  const fields = mapValue(value, field, contactKeys, ['name']);
  const contact = Object.fromEntries(contactKeys.map((k) => [k, textValue(fields[k], join(field, k))])) as MediaContact;
  if (contact.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact.email)) throw refuse(join(field, 'email'), `"${contact.email}" is not an email address`);
  return { ...contact, organization: contact.organization ?? organization };
}

/** Contacts as maps or as one-line cards ("Dana Whitfield, Communications Director, press@… | 555…"). */
export const readContacts = (value: unknown, organization: string | undefined): MediaContact[] =>
  listValue(value).map((item, i) => readContact(item, `contacts.${i}`, organization));

export const readQuotes = (value: unknown): Quote[] =>
  listValue(value).map((item, i) => {
    const field = `quotes.${i}`;
    const fields = mapValue(item, field, ['text', 'speaker', 'title'], ['text', 'speaker']);
    return { text: textValue(fields.text, `${field}.text`)!, speaker: textValue(fields.speaker, `${field}.speaker`)!, title: textValue(fields.title, `${field}.title`) };
  });

/** `about` as text (heading from `organization`, or from the text's own first words) or `{heading, text}`. */
export function readAbout(value: unknown, organization: string | undefined, language: string): Boilerplate | undefined {
  if (typeof value !== 'string') {
    if (value === undefined) return undefined;
    const fields = mapValue(value, 'about', ['heading', 'text'], ['heading', 'text']);
    return { heading: textValue(fields.heading, 'about.heading')!, text: textValue(fields.text, 'about.text')! };
  }
  const text = textValue(value, 'about');
  if (text === undefined) return undefined;
  const org = organization ?? boilerplateShapeOrg(text);
  if (!org) throw refuse('about', 'cannot tell which organisation this is about: add an "organization" key, or write about as {heading, text}');
  return { heading: aboutHeadingFor(org, language), text };
}

/** Notes to editors: one note as text, or a list of them, each in Markdown; none when the list is empty. */
export function readNotesToEditors(value: unknown): string[] | undefined {
  const notes = listValue(value).flatMap((item, i) => textValue(item, `notesToEditors.${i}`) ?? []);
  return notes.length ? notes : undefined;
}

export const readLinks = (value: unknown): Link[] =>
  listValue(value).map((item, i) => {
    const field = `links.${i}`;
    if (typeof item === 'string') return { label: labelForUrl(item), url: item.trim() };
    const fields = mapValue(item, field, ['label', 'url'], ['url']);
    const url = textValue(fields.url, `${field}.url`)!;
    return { label: textValue(fields.label, `${field}.label`) ?? labelForUrl(url), url };
  });

function readFlag(value: unknown, field: string): boolean | undefined {
  const text = textValue(value, field)?.toLowerCase();
  if (text === undefined) return undefined;
  if (['true', 'yes', 'on'].includes(text)) return true;
  if (['false', 'no', 'off'].includes(text)) return false;
  throw refuse(field, 'must be true or false');
}

/** Social text: one string for every network, or per network with `default` for the rest. */
export function readSocial(value: unknown): SocialText | undefined {
  if (typeof value === 'string' || value === undefined) {
    const text = textValue(value, 'social');
    return text === undefined ? undefined : { default: text };
  }
  const fields = mapValue(value, 'social', ['default', 'x', 'bluesky', 'mastodon', 'thread']);
  const networks = ['default', 'x', 'bluesky', 'mastodon'] as const;
  return {
    ...Object.fromEntries(networks.map((n) => [n, textValue(fields[n], `social.${n}`)])),
    thread: readFlag(fields.thread, 'social.thread'),
  };
}
