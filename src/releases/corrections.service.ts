/**
 * Correcting a finalized release: a new draft linked to it (`corrects`), with a note saying what
 * changed. It is edited and finalized like any release; sending it reaches only those whose copy
 * of the original was accepted (src/distribution/correction-audience.ts).
 */
import { z } from 'zod';
import { authorize, type Actor } from '../auth/actor.js';
import { audit } from '../auth/audit.js';
import type { Db } from '../db/client.js';
import { AppError, issuesFromZod } from '../errors.js';
import { newId } from '../ids.js';
import { linesText } from '../text/control-characters.js';
import { importRelease } from './authoring-format.js';
import { ReleaseContent } from './release.js';
import { findRelease, getRelease, insertRelease, releaseFromRow, type Release } from './releases.repo.js';
import type { ReleaseDeps } from './releases.service.js';
import type { CorrectionNote } from '../rendering/correction-note.js';

const NoteText = linesText().trim().min(1, 'is empty: say what the correction changes').max(2000);

export interface CorrectionInput {
  /** What changes: content fields replacing the original's (the rest is kept)… */
  content?: Record<string, unknown>;
  /** …or a whole release file, Markdown with front matter or plain text. */
  source?: string;
  filename?: string;
  note: string;
}

/** The finalized correction of `releaseId`, if there is one (a release is corrected once; correct the correction next). */
export async function findCorrection(db: Db, releaseId: string, status?: 'finalized'): Promise<Release | undefined> {
  let query = db.kysely.selectFrom('releases').selectAll().where('corrects', '=', releaseId);
  if (status) query = query.where('status', '=', status);
  const row = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return row ? releaseFromRow(row) : undefined;
}

function correctedContent(original: Release, input: CorrectionInput, now: number): ReleaseContent {
  if (input.source !== undefined && input.content !== undefined) {
    throw new AppError('VALIDATION', 'Give the corrected release as content or as a file, not both', { issues: [{ field: 'source', message: 'is given together with content' }] });
  }
  const candidate = input.source !== undefined ? importRelease(input.source, input.filename, new Date(now)).content : { ...original.content, ...(input.content ?? {}) };
  const result = ReleaseContent.safeParse(candidate);
  if (!result.success) throw new AppError('VALIDATION', 'The corrected release is not valid', { issues: issuesFromZod(result.error.issues, 'content') });
  return result.data;
}

export async function correctRelease(deps: ReleaseDeps, actor: Actor, id: string, input: CorrectionInput): Promise<Release> {
  authorize(actor, 'edit');
  const original = await getRelease(deps.db, actor.orgId, id);
  if (original.translationOf) throw new AppError('INVALID_STATE', `Release ${id} is a translation: correct the release it translates (${original.translationOf}).`);
  if (original.status !== 'finalized') throw new AppError('INVALID_STATE', `Release ${id} is a draft: edit it instead of correcting it.`);
  const newer = await findCorrection(deps.db, id, 'finalized');
  if (newer) throw new AppError('INVALID_STATE', `Release ${id} was already corrected by ${newer.id}: correct that version instead.`);
  const note = z.object({ note: NoteText }).safeParse({ note: input.note });
  if (!note.success) throw new AppError('VALIDATION', 'The correction note is not valid', { issues: issuesFromZod(note.error.issues) });
  const now = deps.clock.now();
  const content = correctedContent(original, input, now);
  // An embargo still ahead stays with the correction: it must not make the release public early.
  const embargo = original.embargo && Date.parse(original.embargo.until) > now ? original.embargo : undefined;
  const correctionId = newId('rel');
  await insertRelease(deps.db, { id: correctionId, orgId: actor.orgId, content, embargo, sourceFormat: input.source === undefined ? 'json' : 'markdown', correction: { of: id, note: note.data.note }, now });
  const correction = await getRelease(deps.db, actor.orgId, correctionId);
  await audit(deps.db, actor, { action: 'release.correct', object: { type: 'release', id: correctionId }, state: { id: correctionId, status: 'draft', content, corrects: id }, detail: { corrects: id, note: note.data.note } }, now);
  return correction;
}

/** What a reader of a corrected release sees: the newest version, and each correction's date and note, newest first. */
export interface PublicVersion {
  release: Release;
  corrections: CorrectionNote[];
}

/**
 * The current version of a finalized release (primary or translation), in the reader's language
 * when that version has it, with every correction that led to it: the same on the original's
 * page and on each correction's.
 */
export async function publicVersion(db: Db, release: Release, primary: Release): Promise<PublicVersion> {
  let current = primary;
  for (let next = await findCorrection(db, current.id, 'finalized'); next; next = await findCorrection(db, current.id, 'finalized')) current = next;
  const corrections: PublicVersion['corrections'] = [];
  for (let version: Release | undefined = current; version?.corrects; version = await findRelease(db, version.orgId, version.corrects)) {
    corrections.push({ date: version.finalizedAt!.slice(0, 10), note: version.correctionNote ?? '' });
  }
  if (current === primary) return { release, corrections };
  const translation = await db.kysely.selectFrom('releases').selectAll().where('translation_of', '=', current.id).where('language', '=', release.content.language).executeTakeFirst();
  return { release: translation ? releaseFromRow(translation) : current, corrections };
}
