/**
 * Moving or lifting an embargo after the release went out to early recipients. The
 * release's embargo is the one truth every public send checks when it runs, so changing
 * it holds or frees everything pending at once; the send jobs are re-timed so they wake
 * at the new moment; and everyone who holds the embargoed copy gets a short update,
 * threaded to the message they have.
 */
import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { databaseNow, greatest, newIdSql, nowMs, publicFrom } from '../db/dialect.js';
import type { Variant } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Queues } from '../queue/queues.js';
import type { Embargo } from '../releases/release.js';
import { getRelease, getReleaseGroup, type Release } from '../releases/releases.repo.js';
import { renderEmbargoUpdate } from '../rendering/render-embargo-update.js';
import { parseInstantInput } from '../time/zoned-time.js';
import { ensureRender } from './renders.js';

export interface EmbargoDeps {
  db: Db;
  queues: Queues;
  logger: Logger;
  config: Pick<Config, 'organization' | 'templatesDir' | 'mailFrom'> & { worker: Pick<Config['worker'], 'batchSize'> };
  clock: { now(): number };
}

export type EmbargoChange = { until: string } | { liftNow: true };

export interface EmbargoChanged {
  release: Release;
  /** Distributions whose pending sends were re-timed. */
  distributions: number;
  /** Update messages queued for journalists holding the embargoed copy. */
  updates: number;
}

const active = ['planning', 'sending', 'paused', 'completed', 'completed_with_failures'] as const;

async function nextEmbargo(db: Db, release: Release, change: EmbargoChange): Promise<Embargo> {
  const now = await databaseNow(db);
  if ('liftNow' in change) return { until: new Date(now).toISOString(), zone: release.embargo?.zone ?? 'UTC' };
  const next = parseInstantInput(change.until, 'until');
  if (Date.parse(next.until) <= now) {
    throw new AppError('VALIDATION', `The new embargo time ${next.until} is not in the future`, { issues: [{ field: 'until', message: 'is not in the future; use --lift-now to lift the embargo' }] });
  }
  return next;
}

export async function changeEmbargo(deps: EmbargoDeps, releaseId: string, change: EmbargoChange): Promise<EmbargoChanged> {
  const release = await getRelease(deps.db, releaseId);
  if (release.translationOf) throw new AppError('INVALID_STATE', `Release ${release.id} is a translation; its embargo is the one of ${release.translationOf}.`);
  const previous = release.embargo;
  const next = await nextEmbargo(deps.db, release, change);
  const revision = await saveEmbargo(deps.db, release.id, next, deps.clock.now());

  const distributions = await deps.db.kysely.selectFrom('distributions').select('id').where('release_id', '=', release.id).where('status', 'in', [...active]).execute();
  let updates = 0;
  for (const { id } of distributions) {
    await retimePublicBatches(deps, id);
    if (previous) updates += await queueUpdates(deps, id, revision, previous, 'liftNow' in change ? 'lifted' : next);
  }
  deps.logger.info('embargo changed', { release: release.id, until: next.until, distributions: distributions.length, updates });
  return { release: await getRelease(deps.db, release.id), distributions: distributions.length, updates };
}

async function saveEmbargo(db: Db, releaseId: string, embargo: Embargo, now: number): Promise<number> {
  await db.kysely
    .updateTable('releases')
    .set((eb) => ({ embargo_until: Date.parse(embargo.until), embargo_zone: embargo.zone, embargo_revision: eb('embargo_revision', '+', 1), updated_at: now }))
    .where('id', '=', releaseId)
    .execute();
  const row = await db.kysely.selectFrom('releases').select('embargo_revision').where('id', '=', releaseId).executeTakeFirstOrThrow();
  return row.embargo_revision;
}

/** Wake each batch holding public copies when they may now go: at once after a lift, later after a move. */
async function retimePublicBatches(deps: EmbargoDeps, distributionId: string): Promise<void> {
  const batches = await deps.db.kysely
    .selectFrom('deliveries')
    .select('batch')
    .select(sql<number>`min(${greatest(deps.db, sql`next_attempt_at`, publicFrom(distributionId))})`.as('due'))
    .where('distribution_id', '=', distributionId)
    .where('variant', '=', 'public')
    .where('status', 'in', ['queued', 'deferred'])
    .groupBy('batch')
    .execute();
  for (const b of batches) await deps.queues.retime('email', { distributionId, batch: b.batch }, Number(b.due));
}

/**
 * One update per journalist holding (or about to receive) the embargoed copy, in their
 * language, threaded to that copy by In-Reply-To. Returns how many were queued.
 */
async function queueUpdates(deps: EmbargoDeps, distributionId: string, revision: number, previous: Embargo, next: Embargo | 'lifted'): Promise<number> {
  const { db } = deps;
  const variant: Variant = `update-${revision}`;
  const now = nowMs(db);
  const domain = deps.config.mailFrom.address.split('@')[1]!;
  const base = await db.kysely.selectFrom('deliveries').select((eb) => eb.fn.max('batch').as('last')).where('distribution_id', '=', distributionId).executeTakeFirstOrThrow();
  await sql`insert into deliveries (id, distribution_id, channel, target_key, contact_id, address, recipient_name, language, variant,
        batch, status, next_attempt_at, message_id, in_reply_to, created_at, updated_at)
      select u.update_id, ${distributionId}, ${`email-${variant}`}, u.target_key, u.contact_id, u.address, u.recipient_name, u.language, ${variant},
        ${Number(base.last ?? -1) + 1} + cast((u.rn - 1) / ${deps.config.worker.batchSize} as integer), 'queued', ${now},
        '<' || u.update_id || '.1@' || ${domain} || '>', u.message_id, ${now}, ${now}
      from (
        select ${newIdSql(db, 'dlv')} as update_id, d.target_key, d.contact_id, d.address, d.recipient_name, d.language, d.message_id,
          row_number() over (order by d.language, d.id) as rn
        from deliveries d
        where d.distribution_id = ${distributionId} and d.variant = 'embargoed'
          and d.status not in ('failed', 'bounced', 'suppressed', 'cancelled')
      ) u
      where true
      on conflict (distribution_id, channel, target_key) do nothing`.execute(db.kysely);

  const rows = await db.kysely.selectFrom('deliveries').select(['batch', 'language']).where('distribution_id', '=', distributionId).where('variant', '=', variant).execute();
  if (rows.length === 0) return 0;
  const group = await getReleaseGroup(db, (await db.kysely.selectFrom('distributions').select('release_id').where('id', '=', distributionId).executeTakeFirstOrThrow()).release_id);
  for (const language of new Set(rows.map((r) => r.language))) {
    const release = group.byLanguage.get(language) ?? group.primary;
    await ensureRender(db, distributionId, variant, language, () => renderEmbargoUpdate(release.content, { organization: deps.config.organization, previous, next, templatesDir: deps.config.templatesDir }), deps.clock.now());
  }
  // A distribution that had finished owes these now.
  await db.kysely.updateTable('distributions').set({ status: 'sending', completed_at: null }).where('id', '=', distributionId).where('status', 'in', ['completed', 'completed_with_failures']).execute();
  await deps.queues.enqueueMany('email', [...new Set(rows.map((r) => r.batch))].map((batch) => ({ payload: { distributionId, batch } })));
  return rows.length;
}
