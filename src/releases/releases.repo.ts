/** SQL for releases, and the mapping between rows and `Release`. */
import type { Db } from '../db/client.js';
import { sql } from 'kysely';
import type { DistributionStatus, ReleaseRow } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { ReleaseContent, type Embargo, type ReleaseStatus } from './release.js';

export interface Release {
  id: string;
  orgId: string;
  status: ReleaseStatus;
  content: ReleaseContent;
  embargo?: Embargo;
  sourceFormat: ReleaseRow['source_format'];
  translationOf?: string;
  contentHash?: string;
  createdAt: string;
  updatedAt: string;
  finalizedAt?: string;
  /** The release this one corrects, and what the correction changed. */
  corrects?: string;
  correctionNote?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function releaseFromRow(row: ReleaseRow): Release {
  return {
    id: row.id,
    orgId: row.org_id,
    status: row.status,
    // Stored content was validated on the way in; parsing again keeps old rows honest.
    content: ReleaseContent.parse(JSON.parse(row.content)),
    ...(row.embargo_until !== null && row.embargo_zone ? { embargo: { until: iso(row.embargo_until), zone: row.embargo_zone } } : {}),
    sourceFormat: row.source_format,
    ...(row.translation_of ? { translationOf: row.translation_of } : {}),
    ...(row.content_hash ? { contentHash: row.content_hash } : {}),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    ...(row.finalized_at !== null ? { finalizedAt: iso(row.finalized_at) } : {}),
    ...(row.corrects ? { corrects: row.corrects, correctionNote: row.correction_note ?? '' } : {}),
  };
}

export const refuseFinalized = (release: Release) =>
  new AppError(
    'INVALID_STATE',
    `Release ${release.id} is finalized (content hash ${release.contentHash?.slice(0, 12)}…) and can no longer be edited. Correct it instead: presswire releases correct ${release.id} --file <file> --note <what changed>`,
  );

/** A release of this organisation; another organisation's id is as unknown as a made-up one. */
export async function findRelease(db: Db, orgId: string, id: string): Promise<Release | undefined> {
  const row = await db.kysely.selectFrom('releases').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
  return row ? releaseFromRow(row) : undefined;
}

/** Any organisation's release, for public pages (which show only what is finalized and lifted). */
export async function findPublishedRelease(db: Db, id: string): Promise<Release | undefined> {
  const row = await db.kysely.selectFrom('releases').selectAll().where('id', '=', id).where('status', '=', 'finalized').executeTakeFirst();
  return row ? releaseFromRow(row) : undefined;
}

export async function getRelease(db: Db, orgId: string, id: string): Promise<Release> {
  const release = await findRelease(db, orgId, id);
  if (!release) throw notFound('Release', id);
  return release;
}

export interface NewRelease {
  id: string;
  orgId: string;
  /** The release this one translates. */
  translationOf?: string;
  content: ReleaseContent;
  embargo?: Embargo;
  sourceFormat: ReleaseRow['source_format'];
  /** A correction: the finalized release it replaces and what changed. */
  correction?: { of: string; note: string };
  now: number;
}

export async function insertRelease(db: Db, r: NewRelease): Promise<void> {
  await db.kysely
    .insertInto('releases')
    .values({
      id: r.id,
      org_id: r.orgId,
      status: 'draft',
      language: r.content.language,
      headline: r.content.headline,
      translation_of: r.translationOf ?? null,
      content: JSON.stringify(r.content),
      source_format: r.sourceFormat,
      embargo_until: r.embargo ? Date.parse(r.embargo.until) : null,
      embargo_zone: r.embargo?.zone ?? null,
      content_hash: null,
      created_at: r.now,
      updated_at: r.now,
      finalized_at: null,
      corrects: r.correction?.of ?? null,
      correction_note: r.correction?.note ?? null,
    })
    .execute();
}

/** Replace a draft's content. Returns false when the row is no longer a draft. */
export async function updateDraft(db: Db, id: string, content: ReleaseContent, embargo: Embargo | undefined, now: number): Promise<boolean> {
  const result = await db.kysely
    .updateTable('releases')
    .set({
      content: JSON.stringify(content),
      language: content.language,
      headline: content.headline,
      embargo_until: embargo ? Date.parse(embargo.until) : null,
      embargo_zone: embargo?.zone ?? null,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markFinalized(db: Db, id: string, contentHash: string, now: number): Promise<boolean> {
  const result = await db.kysely
    .updateTable('releases')
    .set({ status: 'finalized', content_hash: contentHash, finalized_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Distributions that went out (or are going): not one waiting for approval or its time, nor one cancelled before. */
const startedStatuses: DistributionStatus[] = ['planning', 'sending', 'completed', 'completed_with_failures', 'paused'];

/** `%` and `_` typed in a search are letters, not wildcards. */
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Releases newest first, each with its last send and who asked for it (a user's address or a
 * token's name), in one query however many releases there are: the list page is served from it.
 */
export async function listReleases(db: Db, orgId: string, options: { headline?: string; limit?: number } = {}) {
  let query = db.kysely
    .selectFrom('releases as r')
    .leftJoin('distributions as d', (join) =>
      join.on('d.id', '=', (eb) =>
        eb
          .selectFrom('distributions as last')
          .select('last.id')
          .whereRef('last.release_id', '=', 'r.id')
          .where('last.status', 'in', startedStatuses)
          .orderBy('last.created_at', 'desc')
          .orderBy('last.id', 'desc')
          .limit(1),
      ),
    )
    .leftJoin('users as u', 'u.id', 'd.requested_by')
    .leftJoin('api_tokens as tok', 'tok.id', 'd.requested_by')
    .select(['r.id', 'r.status', 'r.headline', 'r.language', 'r.created_at', 'r.finalized_at', 'r.embargo_until', 'd.created_at as last_sent_at'])
    .select((eb) => eb.fn.coalesce('u.email', 'tok.name').as('last_sent_by'))
    .where('r.org_id', '=', orgId);
  if (options.headline) query = query.where(sql<string>`lower(r.headline)`, 'like', sql<string>`${likePattern(options.headline)} escape '\\'`);
  return query.orderBy('r.id', 'desc').limit(options.limit ?? 50).execute();
}

/** A release and its translations, one content per language; the release's own language first. */
export interface ReleaseGroup {
  primary: Release;
  byLanguage: Map<string, Release>;
}

export async function getReleaseGroup(db: Db, orgId: string, id: string): Promise<ReleaseGroup> {
  const primary = await getRelease(db, orgId, id);
  const rows = await db.kysely.selectFrom('releases').selectAll().where('translation_of', '=', primary.id).orderBy('id').execute();
  const byLanguage = new Map<string, Release>([[primary.content.language, primary]]);
  for (const row of rows) byLanguage.set(row.language, releaseFromRow(row));
  return { primary, byLanguage };
}
