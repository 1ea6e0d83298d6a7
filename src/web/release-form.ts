/**
 * The release form of the desk (correct what was understood, or write a release): every
 * part of the content a person can see, as form fields and back. Repeated parts (quotes,
 * contacts, notes) are numbered fields, `quotes.0.speaker`, named like the model's own
 * paths, so a problem the model reports (`content.quotes.0.speaker`) lands on its field.
 * Parts the form does not show (links, social texts) are left out of the patch and kept.
 */
import { z } from 'zod';
import type { AppError } from '../errors.js';
import { releaseKinds, type Embargo, type ReleaseContent } from '../releases/release.js';
import { keepLines } from '../text/control-characters.js';
import { canonicalZone, localToInstant } from '../time/zoned-time.js';
import type { FieldError } from './components/ErrorSummary.js';
import type { Messages } from './i18n/en.js';

export const quoteParts = ['text', 'speaker', 'title'] as const;
export const contactParts = ['name', 'title', 'organization', 'email', 'phone'] as const;
type Row<K extends string> = Record<K, string>;

/** What the form's fields hold, all as typed. */
export interface ReleaseFormValues {
  kind: string;
  language: string;
  headline: string;
  subheadline: string;
  releaseDate: string;
  dateline: string;
  body: string;
  quotes: Row<(typeof quoteParts)[number]>[];
  contacts: Row<(typeof contactParts)[number]>[];
  boilerplateHeading: string;
  boilerplateText: string;
  notesToEditors: string[];
  /** `YYYY-MM-DDTHH:MM`, as a datetime-local field holds it, in `embargoZone`. */
  embargoUntil: string;
  embargoZone: string;
}

export const emptyReleaseForm: ReleaseFormValues = {
  kind: 'press_release',
  language: 'en',
  headline: '',
  subheadline: '',
  releaseDate: '',
  dateline: '',
  body: '',
  quotes: [],
  contacts: [],
  boilerplateHeading: '',
  boilerplateText: '',
  notesToEditors: [],
  embargoUntil: '',
  embargoZone: '',
};

/** The wall clock of an instant in a zone, as a datetime-local field shows it. */
export function localInput(until: string, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(until))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

export function formFromRelease(content: ReleaseContent, embargo: Embargo | undefined): ReleaseFormValues {
  return {
    kind: content.kind,
    language: content.language,
    headline: content.headline,
    subheadline: content.subheadline ?? '',
    releaseDate: content.releaseDate ?? '',
    dateline: content.dateline ?? '',
    body: content.body,
    quotes: content.quotes.map((q) => ({ text: q.text, speaker: q.speaker, title: q.title ?? '' })),
    contacts: content.contacts.map((c) => ({ name: c.name, title: c.title ?? '', organization: c.organization ?? '', email: c.email ?? '', phone: c.phone ?? '' })),
    boilerplateHeading: content.boilerplate?.heading ?? '',
    boilerplateText: content.boilerplate?.text ?? '',
    notesToEditors: content.notesToEditors ?? [],
    embargoUntil: embargo ? localInput(embargo.until, embargo.zone) : '',
    embargoZone: embargo?.zone ?? '',
  };
}

/** The urlencoded form: one string per field (a field sent twice is not this form). */
const FormFields = z.record(z.string(), z.string());

// A browser sends a textarea's line breaks as CRLF.
const field = (fields: Record<string, string>, name: string): string => keepLines(fields[name] ?? '');

/** Rows `prefix.0.part`, `prefix.1.part`… in order, the blank ones (the empty row offered for adding) left out. */
function rowsOf<K extends string>(fields: Record<string, string>, prefix: string, parts: readonly K[]): Row<K>[] {
  const indexes = new Set(Object.keys(fields).flatMap((name) => new RegExp(`^${prefix}\\.(\\d{1,2})\\.`).exec(name)?.[1] ?? []));
  return [...indexes]
    .map(Number)
    .sort((a, b) => a - b)
    .map((i) => Object.fromEntries(parts.map((p) => [p, field(fields, `${prefix}.${i}.${p}`)])) as Row<K>)
    .filter((row) => parts.some((p) => row[p].trim()));
}

/** The form as sent, or undefined when it is not this form at all. */
export function readReleaseForm(body: unknown): ReleaseFormValues | undefined {
  const parsed = FormFields.safeParse(body ?? {});
  if (!parsed.success) return undefined;
  const f = parsed.data;
  const notes = Object.keys(f)
    .flatMap((name) => /^notesToEditors\.(\d{1,2})$/.exec(name)?.[1] ?? [])
    .map(Number)
    .sort((a, b) => a - b)
    .map((i) => field(f, `notesToEditors.${i}`))
    .filter((note) => note.trim());
  return {
    kind: field(f, 'kind'),
    language: field(f, 'language'),
    headline: field(f, 'headline'),
    subheadline: field(f, 'subheadline'),
    releaseDate: field(f, 'releaseDate'),
    dateline: field(f, 'dateline'),
    body: field(f, 'body'),
    quotes: rowsOf(f, 'quotes', quoteParts),
    contacts: rowsOf(f, 'contacts', contactParts),
    boilerplateHeading: field(f, 'boilerplate.heading'),
    boilerplateText: field(f, 'boilerplate.text'),
    notesToEditors: notes,
    embargoUntil: field(f, 'embargo.until').trim(),
    embargoZone: field(f, 'embargo.zone').trim(),
  };
}

const optional = (value: string): string | undefined => (value.trim() ? value : undefined);
const optionalParts = <K extends string>(row: Row<K>, required: K): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries<string>(row).map(([k, v]) => [k, k === required ? v : optional(v)]));

/** The content the form describes, as the model's input (the model validates it). */
export function contentOfForm(v: ReleaseFormValues): Record<string, unknown> {
  const boilerplate = v.boilerplateHeading.trim() || v.boilerplateText.trim() ? { heading: v.boilerplateHeading, text: v.boilerplateText } : undefined;
  return {
    kind: v.kind,
    language: v.language,
    headline: v.headline,
    subheadline: optional(v.subheadline),
    releaseDate: optional(v.releaseDate),
    dateline: optional(v.dateline),
    body: v.body,
    quotes: v.quotes.map((q) => optionalParts(q, 'text')).map((q) => ({ ...q, speaker: q.speaker ?? '' })),
    contacts: v.contacts.map((c) => optionalParts(c, 'name')),
    boilerplate,
    // Absent rather than empty when there are none: content without notes hashes as it always did.
    notesToEditors: v.notesToEditors.length ? v.notesToEditors : undefined,
  };
}

/** The embargo the form sets: none when the time is blank; refused when the time or zone is not real. */
export function embargoOfForm(v: ReleaseFormValues): Embargo | null {
  if (!v.embargoUntil) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(v.embargoUntil);
  // Left for the model to refuse, on its own field: a time that is not one, a zone that is not one.
  if (!m || canonicalZone(v.embargoZone) === undefined) return { until: v.embargoUntil, zone: v.embargoZone };
  const [, year, month, day, hour, minute] = m.map(Number);
  return { until: localToInstant({ year: year!, month: month!, day: day!, hour: hour!, minute: minute! }, v.embargoZone, 'embargo.until').toISOString(), zone: v.embargoZone };
}

export const kindOptions = (t: Messages) => releaseKinds.map((kind) => ({ value: kind, label: t.kinds[kind] }));

/** The label a problem's field goes by in messages: "Quote 2: speaker". */
function labelOf(t: Messages, path: string): string {
  const w = t.authoring.fields;
  const [head, index, part] = path.split('.');
  if (head === 'quotes' && index !== undefined) return `${w.quote(Number(index) + 1)}: ${w.quoteParts[part as (typeof quoteParts)[number]] ?? ''}`;
  if (head === 'contacts' && index !== undefined) return `${w.contact(Number(index) + 1)}: ${w.contactParts[part as (typeof contactParts)[number]] ?? ''}`;
  if (head === 'notesToEditors' && index !== undefined) return w.note(Number(index) + 1);
  if (head === 'boilerplate') return index === 'heading' ? w.boilerplateHeading : w.boilerplateText;
  if (head === 'embargo') return index === 'zone' ? w.embargoZone : w.embargoUntil;
  if (head === 'note') return t.authoring.correct.note;
  return w.plain[head as keyof typeof w.plain] ?? path;
}

/** The first field of each repeated part, where a problem with the part as a whole (too many quotes) is shown. */
const firstFieldOf: Record<string, string> = { quotes: 'text', contacts: 'name' };

/** Form ids that exist on the page: a problem with a part (quotes.0, or quotes) is pinned to its first field. */
function fieldIdOf(path: string): string {
  const [head = '', index, part] = path.split('.');
  if (head === 'notesToEditors') return `notesToEditors.${index ?? 0}`;
  if (firstFieldOf[head] && part === undefined) return `${head}.${index ?? 0}.${firstFieldOf[head]}`;
  return path;
}

/** The model's problems with a form, each on its field, in the interface's words where the field was left empty. */
export function formErrorsOf(t: Messages, err: AppError, values: Record<string, unknown>): FieldError[] {
  // A problem that names no field goes on the first one, so that the summary still links somewhere.
  const issues = err.issues.length ? err.issues : [{ field: 'headline', message: err.message }];
  const seen = new Set<string>();
  return issues.flatMap((issue) => {
    const path = fieldIdOf((issue.field ?? 'headline').replace(/^content\./, ''));
    if (seen.has(path)) return [];
    seen.add(path);
    const given = path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), values);
    const empty = given === undefined || (typeof given === 'string' && !given.trim());
    return [{ field: path, message: empty ? t.authoring.required(labelOf(t, path)) : `${labelOf(t, path)}: ${issue.message}` }];
  });
}
