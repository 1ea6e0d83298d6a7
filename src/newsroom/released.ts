/**
 * What an organisation's newsroom may show: its released releases — finalized, and past their
 * embargo by the database clock, exactly when their public page (`/r/<id>`) exists. Every
 * surface (index, feeds, sitemap) reads through here, so none can show an embargoed release.
 */
import { sql } from 'kysely';
import type { Db } from '../db/client.js';
import { databaseNow } from '../db/dialect.js';
import { publicVersion } from '../releases/corrections.service.js';
import { releaseFromRow, type Release } from '../releases/releases.repo.js';
import type { CorrectionNote } from '../rendering/correction-note.js';

export interface ReleasedRelease {
  release: Release;
  /** When it became public: its embargo's lift, or its finalization when that came later. */
  publishedAt: number;
  /** Its corrections, newest first: `release` then carries the current version's words under the original's id. */
  corrections: CorrectionNote[];
}

/** The instant all of one request's answers are decided at, read once from the database. */
export const newsroomNow = (db: Db): Promise<number> => databaseNow(db);

/** The later of finalization and embargo: when the release became public. */
const publishedSql = sql<number>`case when coalesce(embargo_until, 0) > finalized_at then embargo_until else finalized_at end`;

function released(db: Db, orgId: string, now: number) {
  return db.kysely
    .selectFrom('releases')
    .where('org_id', '=', orgId)
    .where('status', '=', 'finalized')
    .where((eb) => eb.or([eb('embargo_until', 'is', null), eb('embargo_until', '<=', now)]));
}

/** Released originals: not translations (they fold into them), nor corrections (they replace their words, not their place). */
const originalsOf = (db: Db, orgId: string, now: number) => released(db, orgId, now).where('translation_of', 'is', null).where('corrects', 'is', null);

/** An original as its page shows it: the current version's words, the original's id and publication. */
async function asPublished(db: Db, original: Release, publishedAt: number): Promise<ReleasedRelease> {
  const { release, corrections } = await publicVersion(db, original, original);
  return { release: { ...original, content: release.content }, publishedAt, corrections };
}

/** Released originals (translations fold into them), newest first. */
export async function releasedPage(db: Db, orgId: string, now: number, page: { limit: number; offset: number }): Promise<{ items: ReleasedRelease[]; total: number }> {
  const originals = originalsOf(db, orgId, now);
  const [rows, count] = await Promise.all([
    originals.selectAll().select(publishedSql.as('published_at')).orderBy(publishedSql, 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    originals.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const items = await Promise.all(rows.map((row) => asPublished(db, releaseFromRow(row), Number(row.published_at))));
  return { items, total: Number(count.n) };
}

/** Every released page, translations too (a translation is public with its original), for the sitemap. */
export async function releasedPages(db: Db, orgId: string, now: number, limit: number): Promise<{ id: string; language: string; publishedAt: number }[]> {
  const originals = await originalsOf(db, orgId, now).select(['id', 'language', publishedSql.as('published_at')]).orderBy(publishedSql, 'desc').limit(limit).execute();
  const ids = originals.map((r) => r.id);
  const translations = ids.length
    ? await db.kysely.selectFrom('releases').select(['id', 'language', 'translation_of']).where('status', '=', 'finalized').where('translation_of', 'in', ids).execute()
    : [];
  const publishedOf = new Map(originals.map((r) => [r.id, Number(r.published_at)]));
  return [
    ...originals.map((r) => ({ id: r.id, language: r.language, publishedAt: Number(r.published_at) })),
    ...translations.map((t) => ({ id: t.id, language: t.language, publishedAt: publishedOf.get(t.translation_of!)! })),
  ];
}

/** The next embargo of this organisation's finalized releases to lift after `now`: no answer may be cached past it. */
export async function nextLift(db: Db, orgId: string, now: number): Promise<number | undefined> {
  const row = await db.kysely
    .selectFrom('releases')
    .select((eb) => eb.fn.min('embargo_until').as('next'))
    .where('org_id', '=', orgId)
    .where('status', '=', 'finalized')
    .where('embargo_until', '>', now)
    .executeTakeFirst();
  return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
}

/** The language the organisation first released in: its newsroom's own words follow it. */
export async function firstReleasedLanguage(db: Db, orgId: string, now: number): Promise<string | undefined> {
  const row = await originalsOf(db, orgId, now).select('language').orderBy(publishedSql).orderBy('id').limit(1).executeTakeFirst();
  return row?.language;
}
