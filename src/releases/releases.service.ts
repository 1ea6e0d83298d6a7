/**
 * Use cases for releases: import, edit a draft, finalize (freeze + content hash), preview.
 * A finalized release never changes; the database refuses edits by status, not by trust.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../text/canonical-json.js';
import { authorize, type Actor } from '../auth/actor.js';
import { audit } from '../auth/audit.js';
import type { Db } from '../db/client.js';
import { AppError, issuesFromZod } from '../errors.js';
import { newId } from '../ids.js';
import { importRelease } from './authoring-format.js';
import { findImageMeta, loadImage, removeReleaseImage, setReleaseImage, type ImageUpload, type ReleaseImageMeta } from './release-image.js';
import { Embargo, refuseUnknownZone, ReleaseContent, type ParsedRelease } from './release.js';
import { getRelease, getReleaseGroup, insertRelease, listReleases, markFinalized, refuseFinalized, updateDraft, type Release, type ReleaseGroup } from './releases.repo.js';

export interface ReleaseDeps {
  db: Db;
  clock: { now(): number };
}

export interface ImportInput {
  /** The file's text: Markdown with front matter, or plain text as pasted from a page. */
  source: string;
  filename?: string;
  /** Import this file as a translation of that release (a draft). */
  translationOf?: string;
  /** The language of the text, when the person says it (else read from the text, which knows only English and Spanish). */
  language?: string;
}

/** What the audit log keeps of a release's state: enough to tell one version from another. */
const releaseState = (r: Release) => ({ id: r.id, status: r.status, content: r.content, embargo: r.embargo ?? null, contentHash: r.contentHash ?? null });

async function recorded(deps: ReleaseDeps, actor: Actor, action: string, release: Release, detail?: Record<string, unknown>): Promise<Release> {
  await audit(deps.db, actor, { action, object: { type: 'release', id: release.id }, state: releaseState(release), detail }, deps.clock.now());
  return release;
}

export async function importReleaseFile(deps: ReleaseDeps, actor: Actor, input: ImportInput): Promise<{ release: Release; warnings: string[] }> {
  authorize(actor, 'edit');
  const imported = importRelease(input.source, input.filename, new Date(deps.clock.now()));
  const parsed = input.language ? { ...imported, content: parseContent({ ...imported.content, language: input.language }) } : imported;
  const format = input.source.trimStart().startsWith('---') ? 'markdown' : 'text';
  if (input.translationOf) {
    if (parsed.translations?.length) throw new AppError('VALIDATION', 'A translation cannot carry translations of its own', { issues: [{ field: 'translations', message: 'is not allowed in a translation' }] });
    await checkTranslation(deps.db, actor.orgId, input.translationOf, parsed.content.language);
    const translation = await storeDraft(deps, actor, parsed, format, input.translationOf);
    return { release: await recorded(deps, actor, 'release.import', translation, { translationOf: input.translationOf }), warnings: parsed.warnings };
  }
  const release = await storeDraft(deps, actor, parsed, format);
  // The warnings stay with the import's record: the desk shows them on the draft after the redirect.
  await recorded(deps, actor, 'release.import', release, { format, filename: input.filename ?? null, warnings: parsed.warnings });
  for (const content of parsed.translations ?? []) {
    await recorded(deps, actor, 'release.import', await storeDraft(deps, actor, { content, warnings: [] }, format, release.id), { translationOf: release.id });
  }
  return { release, warnings: parsed.warnings };
}

/** A translation joins a draft release that is not itself a translation, in a language it does not have yet. */
async function checkTranslation(db: Db, orgId: string, primaryId: string, language: string): Promise<void> {
  const group = await getReleaseGroup(db, orgId, primaryId);
  if (group.primary.translationOf) throw new AppError('INVALID_STATE', `Release ${primaryId} is itself a translation (of ${group.primary.translationOf}); translate that release instead.`);
  if (group.primary.status !== 'draft') throw refuseFinalized(group.primary);
  if (group.byLanguage.has(language)) {
    throw new AppError('CONFLICT', `Release ${primaryId} already has a version in "${language}" (${group.byLanguage.get(language)!.id}).`, { issues: [{ field: 'language', message: `"${language}" is taken` }] });
  }
}

export async function createReleaseFromJson(deps: ReleaseDeps, actor: Actor, body: { content: unknown; embargo?: unknown }): Promise<Release> {
  authorize(actor, 'edit');
  const content = parseContent(body.content);
  const embargo = body.embargo === undefined || body.embargo === null ? undefined : parseEmbargo(body.embargo);
  return recorded(deps, actor, 'release.create', await storeDraft(deps, actor, { content, embargo, warnings: [] }, 'json'));
}

async function storeDraft(deps: ReleaseDeps, actor: Actor, parsed: ParsedRelease, sourceFormat: 'markdown' | 'text' | 'json', translationOf?: string): Promise<Release> {
  const id = newId('rel');
  // A translation shares its release's embargo; it keeps none of its own.
  const embargo = translationOf ? undefined : parsed.embargo;
  await insertRelease(deps.db, { id, orgId: actor.orgId, translationOf, content: parsed.content, embargo, sourceFormat, now: deps.clock.now() });
  return getRelease(deps.db, actor.orgId, id);
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

/** Replace a draft's content (fields not given are kept). */
export async function editDraft(deps: ReleaseDeps, actor: Actor, id: string, patch: { content?: Record<string, unknown>; embargo?: unknown }): Promise<Release> {
  authorize(actor, 'edit');
  const release = await getRelease(deps.db, actor.orgId, id);
  if (release.status !== 'draft') throw refuseFinalized(release);
  const content = parseContent({ ...release.content, ...(patch.content ?? {}) });
  const embargo = patch.embargo === undefined ? release.embargo : patch.embargo === null ? undefined : parseEmbargo(patch.embargo);
  if (!(await updateDraft(deps.db, id, content, embargo, deps.clock.now()))) throw refuseFinalized(await getRelease(deps.db, actor.orgId, id));
  return recorded(deps, actor, 'release.edit', await getRelease(deps.db, actor.orgId, id), { fields: Object.keys(patch.content ?? {}), embargo: patch.embargo !== undefined });
}

/** The frozen whole: the content, and the image's hash and alt text when it has one. */
const contentHash = (content: ReleaseContent, image: ReleaseImageMeta | undefined): string =>
  createHash('sha256').update(canonicalJson({ ...content, image })).digest('hex');

/**
 * Validate and freeze a release together with its translations. Finalizing an already
 * finalized release changes nothing.
 */
export async function finalizeRelease(deps: ReleaseDeps, actor: Actor, id: string): Promise<Release> {
  authorize(actor, 'edit');
  const group = await getReleaseGroup(deps.db, actor.orgId, id);
  if (group.primary.translationOf) {
    throw new AppError('INVALID_STATE', `Release ${id} is a translation: finalize the release it translates (${group.primary.translationOf}) and its translations are frozen with it.`);
  }
  if (group.primary.status === 'finalized') return group.primary;
  refuseUnknownZone(id, group.primary.embargo);
  const now = deps.clock.now();
  const ids = [...group.byLanguage.values()].map((r) => r.id);
  await deps.db.kysely.transaction().execute(async (trx) => {
    const txDb: Db = { ...deps.db, kysely: trx };
    // Touch the rows first: an image change in flight (release-image.ts) finishes before the image is read.
    await trx.updateTable('releases').set({ updated_at: now }).where('id', 'in', ids).where('status', '=', 'draft').execute();
    for (const release of group.byLanguage.values()) {
      await markFinalized(txDb, release.id, contentHash(parseContent(release.content), await findImageMeta(txDb, release.id)), now);
    }
  });
  return recorded(deps, actor, 'release.finalize', await getRelease(deps.db, actor.orgId, id), { languages: [...group.byLanguage.keys()] });
}

export async function setImage(deps: ReleaseDeps, actor: Actor, id: string, upload: ImageUpload): Promise<ReleaseImageMeta> {
  authorize(actor, 'edit');
  const meta = await setReleaseImage(deps.db, actor.orgId, id, upload, deps.clock.now());
  await audit(deps.db, actor, { action: 'release.image.set', object: { type: 'release', id }, state: meta, detail: { bytes: meta.bytes, sha256: meta.sha256 } }, deps.clock.now());
  return meta;
}

export async function removeImage(deps: ReleaseDeps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'edit');
  await removeReleaseImage(deps.db, actor.orgId, id, deps.clock.now());
  await audit(deps.db, actor, { action: 'release.image.remove', object: { type: 'release', id }, state: null }, deps.clock.now());
}

/** A release's image and its alt text, for showing it to those who may read the release. */
export async function readImage(deps: ReleaseDeps, actor: Actor, id: string): Promise<{ data: Buffer; mimeType: ReleaseImageMeta['mimeType']; alt: string } | undefined> {
  authorize(actor, 'read');
  const release = await getRelease(deps.db, actor.orgId, id);
  return loadImage(deps.db, release.id);
}

export async function readRelease(deps: ReleaseDeps, actor: Actor, id: string): Promise<ReleaseGroup> {
  authorize(actor, 'read');
  return getReleaseGroup(deps.db, actor.orgId, id);
}

/** The organisation's releases, newest first; `headline` finds those whose headline holds it, in any case. */
export async function listOwnReleases(deps: ReleaseDeps, actor: Actor, query: { headline?: string } = {}) {
  authorize(actor, 'read');
  return listReleases(deps.db, actor.orgId, query);
}
