/**
 * The release: what an organisation says to the press.
 *
 * `ReleaseContent` is the frozen part (hashed at finalization). The embargo is kept
 * beside it, not inside it: an embargo can still move after finalization (a later
 * lift or an early release) without changing a word of the release.
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import { lineText, linesText } from '../text/control-characters.js';
import { canonicalZone } from '../time/zoned-time.js';

export const releaseKinds = ['press_release', 'statement', 'media_advisory'] as const;
export type ReleaseKind = (typeof releaseKinds)[number];

export const releaseKindLabels: Record<ReleaseKind, string> = {
  press_release: 'Press release',
  statement: 'Statement',
  media_advisory: 'Media advisory',
};

// One-line fields and prose differ only in what happens to line breaks (text/control-characters.ts).
const text = (max: number) => lineText().trim().min(1).max(max);
const optionalText = (max: number) => text(max).optional();
const prose = (max: number) => linesText().trim().min(1).max(max);
const optionalProse = (max: number) => prose(max).optional();

const httpUrl = lineText()
  .trim()
  .max(2000)
  .refine((v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v), 'must be an http(s) URL');

export const Quote = z.object({
  text: prose(4000),
  speaker: text(200),
  title: optionalText(300),
});
export type Quote = z.infer<typeof Quote>;

export const MediaContact = z.object({
  name: text(200),
  title: optionalText(200),
  organization: optionalText(200),
  email: optionalText(254),
  phone: optionalText(50),
});
export type MediaContact = z.infer<typeof MediaContact>;

export const Link = z.object({ label: text(300), url: httpUrl });
export type Link = z.infer<typeof Link>;

export const Boilerplate = z.object({
  /** "About Harbor Legal Aid" */
  heading: text(300),
  text: prose(5000),
});
export type Boilerplate = z.infer<typeof Boilerplate>;

/** Per-network post text; `default` serves every network without its own. */
export const SocialText = z.object({
  default: optionalProse(5000),
  x: optionalProse(5000),
  bluesky: optionalProse(5000),
  mastodon: optionalProse(5000),
  /** Split a text that is too long into a thread instead of refusing it. */
  thread: z.boolean().optional(),
});
export type SocialText = z.infer<typeof SocialText>;

/** `YYYY-MM-DD` */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'is not a calendar date');

export const ReleaseContent = z.object({
  kind: z.enum(releaseKinds).default('press_release'),
  /** BCP 47 language of the text, e.g. "en", "es". */
  language: z.string().trim().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language code such as "en" or "es"').default('en'),
  headline: text(300),
  subheadline: optionalText(600),
  releaseDate: IsoDate.optional(),
  /** The place line that opens the body, e.g. "LOS ANGELES" or "SAN DIEGO". */
  dateline: optionalText(120),
  /** Markdown. Raw HTML is not rendered. */
  body: prose(100_000),
  quotes: z.array(Quote).max(50).default([]),
  contacts: z.array(MediaContact).max(20).default([]),
  boilerplate: Boilerplate.optional(),
  /**
   * Notes to editors: what the release tells journalists rather than readers (sources, photos,
   * who is available for interview). One Markdown item a note, shown numbered, so a list pasted
   * with "1.", "•" or blank lines between notes reads the same. Absent when there are none, so
   * content finalized before notes existed hashes as it did.
   */
  notesToEditors: z.array(prose(5000)).max(30).optional(),
  links: z.array(Link).max(50).default([]),
  social: SocialText.optional(),
});
export type ReleaseContent = z.infer<typeof ReleaseContent>;
export type ReleaseContentInput = z.input<typeof ReleaseContent>;

const zoneProblem = 'is not an IANA time zone; use a name such as America/Los_Angeles, Europe/Paris or UTC';

/** An instant plus the IANA zone it was written in (so it can be shown as the author meant it). */
export const Embargo = z.object({
  /** ISO 8601 instant in UTC, e.g. "2026-03-10T07:01:00.000Z". */
  until: z.iso.datetime(),
  zone: z.string().refine((zone) => canonicalZone(zone) !== undefined, zoneProblem),
});
export type Embargo = z.infer<typeof Embargo>;

/**
 * Rows written before zones were checked may hold one that is not: such a release can be
 * read and edited (to repair it), but not shown with its embargo time or frozen.
 */
export function refuseUnknownZone(releaseId: string, embargo: Embargo | undefined): void {
  if (!embargo || canonicalZone(embargo.zone) !== undefined) return;
  const message = `"${embargo.zone}" ${zoneProblem}`;
  throw new AppError('INVALID_STATE', `Release ${releaseId} has its embargo in "${embargo.zone}", which is not a time zone: edit the embargo with a valid zone first`, {
    issues: [{ field: 'embargo.zone', message }],
  });
}

export type ReleaseStatus = 'draft' | 'finalized';

/** What an importer produces from a file: content, an optional embargo, and what it noticed. */
export interface ParsedRelease {
  content: ReleaseContent;
  /** The same release in other languages (the authoring format's `translations`). */
  translations?: ReleaseContent[];
  embargo?: Embargo;
  /** Things a person should know about the import (e.g. "embargo already passed"). */
  warnings: string[];
}
