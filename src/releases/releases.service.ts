/**
 * Use cases for releases: import, edit a draft, finalize (freeze + content hash), preview.
 * A finalized release never changes; the database refuses edits by status, not by trust.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.js';
import { AppError, issuesFromZod } from '../errors.js';
import { newId } from '../ids.js';
import { importRelease } from './authoring-format.js';
import { Embargo, ReleaseContent, type ParsedRelease } from './release.js';
import { getRelease, insertRelease, markFinalized, updateDraft, type Release } from './releases.repo.js';

export interface ReleaseDeps {
  db: Db;
  clock: { now(): number };
}

export interface ImportInput {
  /** The file's text: Markdown with front matter, or plain text as pasted from a page. */
  source: string;
  filename?: string;
}

export async function importReleaseFile(deps: ReleaseDeps, input: ImportInput): Promise<{ release: Release; warnings: string[] }> {
  const parsed = importRelease(input.source, input.filename, new Date(deps.clock.now()));
  return { release: await storeDraft(deps, parsed, input.source.trimStart().startsWith('---') ? 'markdown' : 'text'), warnings: parsed.warnings };
}

export async function createReleaseFromJson(deps: ReleaseDeps, body: { content: unknown; embargo?: unknown }): Promise<Release> {
  const content = parseContent(body.content);
  const embargo = body.embargo === undefined || body.embargo === null ? undefined : parseEmbargo(body.embargo);
  return storeDraft(deps, { content, embargo, warnings: [] }, 'json');
}

async function storeDraft(deps: ReleaseDeps, parsed: ParsedRelease, sourceFormat: 'markdown' | 'text' | 'json'): Promise<Release> {
  const id = newId('rel');
  await insertRelease(deps.db, { id, content: parsed.content, embargo: parsed.embargo, sourceFormat, now: deps.clock.now() });
  return getRelease(deps.db, id);
}

function parseContent(value: unknown): ReleaseContent {
  const result = ReleaseContent.safeParse(value);
  if (!result.success) throw new AppError('VALIDATION', 'The release is not valid', { issues: issuesFromZod(result.error.issues, 'content') });
  return result.data;
}

function parseEmbargo(value: unknown): Embargo {
  const result = Embargo.safeParse(value);
  if (!result.success) throw new AppError('VALIDATION', 'The embargo is not valid', { issues: issuesFromZod(result.error.issues, 'embargo') });
  return result.data;
}

const refuseFinalized = (release: Release) =>
  new AppError(
    'INVALID_STATE',
    `Release ${release.id} is finalized (content hash ${release.contentHash?.slice(0, 12)}…) and can no longer be edited. Import a corrected version as a new release instead.`,
  );

/** Replace a draft's content (fields not given are kept). */
export async function editDraft(deps: ReleaseDeps, id: string, patch: { content?: Record<string, unknown>; embargo?: unknown }): Promise<Release> {
  const release = await getRelease(deps.db, id);
  if (release.status !== 'draft') throw refuseFinalized(release);
  const content = parseContent({ ...release.content, ...(patch.content ?? {}) });
  const embargo = patch.embargo === undefined ? release.embargo : patch.embargo === null ? undefined : parseEmbargo(patch.embargo);
  if (!(await updateDraft(deps.db, id, content, embargo, deps.clock.now()))) throw refuseFinalized(await getRelease(deps.db, id));
  return getRelease(deps.db, id);
}

/** Stable across key order, so the same content always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const contentHash = (content: ReleaseContent): string =>
  createHash('sha256').update(canonicalJson(content)).digest('hex');

/** Validate and freeze. Finalizing an already finalized release changes nothing. */
export async function finalizeRelease(deps: ReleaseDeps, id: string): Promise<Release> {
  const release = await getRelease(deps.db, id);
  if (release.status === 'finalized') return release;
  const content = parseContent(release.content);
  await markFinalized(deps.db, id, contentHash(content), deps.clock.now());
  return getRelease(deps.db, id);
}
