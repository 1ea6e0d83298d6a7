/** Releases: import or write one, edit the draft, set its image and embargo, preview, finalize. */
import { z } from 'zod';
import { ImageUpload } from '../releases/release-image.js';
import { Embargo, ReleaseContent, type ReleaseStatus } from '../releases/release.js';
import { Instant, NoContent } from './common.js';
import { area } from './operation.js';

const releaseId = z.string().regex(/^rel_[0-9a-z]{25}$/, 'must be a release id (rel_…)');
const ReleaseRef = z.object({ id: releaseId });

export const ImportReleaseBody = z.object({
  source: z.string().min(1, 'is empty').max(2_000_000).describe('The file: Markdown with front matter, or plain text as pasted from a page'),
  filename: z.string().max(300).optional(),
  translationOf: releaseId.optional().describe('Import the file as a translation of this draft release'),
});

// The use case checks content and embargo field by field (issues under `content.` and `embargo.`).
const content = z.record(z.string(), z.unknown()).describe('The fields of a release’s content (Release.content)');
const embargo = z.unknown().optional().describe('An embargo {until, zone}, or null for none');

export const JsonReleaseBody = z.object({ content, embargo });
const EditReleaseBody = z.object({ content: content.optional(), embargo });

export const CorrectReleaseBody = z.object({
  content: content.optional().describe('Fields replacing the original’s (the rest is kept)'),
  source: ImportReleaseBody.shape.source.optional().describe('Or the whole corrected release as a file'),
  filename: z.string().max(300).optional(),
  note: z.string().max(2000).describe('What the correction changes: shown, dated, on the public page'),
});

const PreviewQuery = z.object({ variant: z.enum(['public', 'embargoed']).default('public'), language: z.string().max(20).optional() });

const EmbargoBody = z.union([z.object({ until: z.string().min(1, 'is empty') }).strict(), z.object({ liftNow: z.literal(true) }).strict()]);

const Release = z.object({
  id: z.string(),
  orgId: z.string(),
  status: z.enum(['draft', 'finalized'] as const satisfies readonly ReleaseStatus[]),
  content: ReleaseContent,
  embargo: Embargo.optional(),
  sourceFormat: z.enum(['markdown', 'text', 'json']),
  translationOf: z.string().optional(),
  /** SHA-256 of the frozen content, once finalized. */
  contentHash: z.string().optional(),
  createdAt: Instant,
  updatedAt: Instant,
  finalizedAt: Instant.optional(),
  corrects: z.string().optional().describe('The finalized release this one corrects'),
  correctionNote: z.string().optional(),
});
export type Release = z.infer<typeof Release>;

const ReleaseImage = z.object({
  mimeType: z.enum(['image/png', 'image/jpeg', 'image/gif', 'image/webp']),
  alt: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
});
export type ReleaseImage = z.infer<typeof ReleaseImage>;

const ReleaseView = Release.extend({
  image: ReleaseImage.nullable(),
  translations: z.array(z.object({ id: z.string(), language: z.string(), headline: z.string() })),
});

const ReleaseCreated = z.object({ id: z.string(), release: Release, warnings: z.array(z.string()) });

const ReleaseSummary = z.object({
  id: z.string(),
  status: Release.shape.status,
  headline: z.string(),
  language: z.string(),
  createdAt: Instant,
  finalizedAt: Instant.nullable(),
  embargoUntil: Instant.nullable(),
});

const EmbargoChanged = z.object({
  release: Release,
  distributions: z.number().int().describe('Distributions whose pending sends were re-timed'),
  updates: z.number().int().describe('Update messages queued for journalists holding the embargoed copy'),
});

const Preview = z.object({
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  htmlBytes: z.number().int().describe('Size of the HTML part: Gmail clips messages above ~102 KB'),
  diff: z.array(z.object({ change: z.enum(['same', 'removed', 'added']), line: z.string() })).optional().describe('A correction: its text part against the version it corrects, line by line'),
});

export const releases = area('releases', {
  create: {
    method: 'POST',
    url: '/releases',
    summary: 'Import a release file, or create a release from JSON content (a body with `content`)',
    body: z.union([ImportReleaseBody, JsonReleaseBody]),
    response: { 201: ReleaseCreated },
  },
  list: { method: 'GET', url: '/releases', summary: 'The organisation’s releases, newest first', response: { 200: z.object({ releases: z.array(ReleaseSummary) }) } },
  read: { method: 'GET', url: '/releases/:id', summary: 'A release with its image and translations', params: ReleaseRef, response: { 200: ReleaseView } },
  setImage: { method: 'PUT', url: '/releases/:id/image', summary: 'Set the image posted with the release (PNG, JPEG, GIF or WebP, base64)', params: ReleaseRef, body: ImageUpload, response: { 200: ReleaseImage } },
  removeImage: { method: 'DELETE', url: '/releases/:id/image', summary: 'Remove the release’s image', params: ReleaseRef, response: { 204: NoContent } },
  changeEmbargo: { method: 'PUT', url: '/releases/:id/embargo', summary: 'Move or lift the embargo, also after finalizing', params: ReleaseRef, body: EmbargoBody, response: { 200: EmbargoChanged } },
  edit: { method: 'PATCH', url: '/releases/:id', summary: 'Edit a draft: the fields given replace those stored', params: ReleaseRef, body: EditReleaseBody, response: { 200: Release } },
  finalize: { method: 'POST', url: '/releases/:id/finalize', summary: 'Validate and freeze a release with its translations', params: ReleaseRef, response: { 200: Release } },
  correct: {
    method: 'POST',
    url: '/releases/:id/correct',
    summary: 'Correct a finalized release: a new draft linked to it, with a note saying what changed',
    params: ReleaseRef,
    body: CorrectReleaseBody,
    response: { 201: Release },
  },
  preview: { method: 'GET', url: '/releases/:id/preview', summary: 'The email a journalist would get', params: ReleaseRef, querystring: PreviewQuery, response: { 200: Preview } },
});
