/**
 * Moving or lifting an embargo after the release went out to early recipients. The
 * release's embargo is the one truth every public send checks when it runs, so changing
 * it holds or frees everything pending at once; the send jobs are re-timed so they wake
 * at the new moment; and everyone who holds the embargoed copy gets a short update,
 * threaded to the message they have.
 */
import { sql } from 'kysely';
import { domainOf } from '../channels/email/mime.js';
import type { Config } from '../config.js';
import { authorize, type Actor } from '../auth/actor.js';
import { audit } from '../auth/audit.js';
import { identityFor, type Identity } from '../organisations/identity.js';
import type { Db } from '../db/client.js';
import { databaseNow } from '../db/dialect.js';
import { AppError } from '../errors.js';
import { moveDistribution } from '../ledger/distributions.js';
import { insertEmbargoUpdates } from '../ledger/new-deliveries.js';
import { dueAtSql, owedSql } from '../ledger/owed.js';
import type { Logger } from '../logger.js';
import type { Queues } from '../queue/queues.js';
import type { Embargo } from '../releases/release.js';
import { getRelease, getReleaseGroup, type Release } from '../releases/releases.repo.js';
import { renderEmbargoUpdate } from '../rendering/render-embargo-update.js';
import { parseInstantInput } from '../time/zoned-time.js';
import { reviewApproval } from './approval.js';
import { loadDistribution } from './distributions.repo.js';
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

export async function changeEmbargo(deps: EmbargoDeps, actor: Actor, releaseId: string, change: EmbargoChange): Promise<EmbargoChanged> {
  authorize(actor, 'send');
  const release = await getRelease(deps.db, actor.orgId, releaseId);
  if (release.translationOf) throw new AppError('INVALID_STATE', `Release ${release.id} is a translation; its embargo is the one of ${release.translationOf}.`);
  const previous = release.embargo;
  const next = await nextEmbargo(deps.db, release, change);
  const revision = await saveEmbargo(deps.db, release.id, next, deps.clock.now());

  const distributions = await deps.db.kysely.selectFrom('distributions').select('id').where('release_id', '=', release.id).where('status', 'in', [...active]).execute();
  const waiting = await deps.db.kysely.selectFrom('distributions').select('id').where('release_id', '=', release.id).where('status', 'in', ['scheduled', 'awaiting_approval']).execute();
  for (const { id } of waiting) await reviewApproval(deps, actor, id, `the embargo moved to ${next.until}`);
  const identity = await identityFor(deps, actor.orgId);
  let updates = 0;
  for (const { id } of distributions) {
    await retimePublicBatches(deps, id);
    if (previous) updates += await queueUpdates(deps, identity, id, revision, previous, 'liftNow' in change ? 'lifted' : next);
  }
  deps.logger.info({ release: release.id, until: next.until, distributions: distributions.length, updates }, 'embargo changed');
  const changed = await getRelease(deps.db, actor.orgId, release.id);
  await audit(deps.db, actor, {
    action: 'liftNow' in change ? 'release.embargo.lift' : 'release.embargo.change',
    object: { type: 'release', id: release.id },
    state: { embargo: changed.embargo ?? null, revision },
    detail: { previous: previous?.until ?? null, until: next.until, distributions: distributions.length, updates },
  }, deps.clock.now());
  return { release: changed, distributions: distributions.length, updates };
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
  const { rows: batches } = await sql<{ batch: number; due: number }>`select batch, min(${dueAtSql(deps.db, distributionId)}) as due
      from deliveries where distribution_id = ${distributionId} and kind = 'email' and variant = 'public' and ${owedSql()}
      group by batch`.execute(deps.db.kysely);
  for (const b of batches) await deps.queues.retime('email', { distributionId, batch: b.batch }, Number(b.due));
}

/**
 * One update per journalist holding (or about to receive) the embargoed copy, in their
 * language, threaded to that copy by In-Reply-To. Returns how many were queued.
 */
async function queueUpdates(deps: EmbargoDeps, identity: Identity, distributionId: string, revision: number, previous: Embargo, next: Embargo | 'lifted'): Promise<number> {
  const { db } = deps;
  const batches = await insertEmbargoUpdates(db, { distributionId, revision, batchSize: deps.config.worker.batchSize, messageDomain: domainOf(identity.mailFrom) });
  const rows = await db.kysely
    .selectFrom('deliveries')
    .select(['language', (eb) => eb.fn.countAll<number>().as('count')])
    .where('distribution_id', '=', distributionId)
    .where('kind', '=', 'embargo_update')
    .where('revision', '=', revision)
    .groupBy('language')
    .execute();
  if (rows.length === 0) return 0;
  const distribution = await loadDistribution(db, distributionId);
  const group = await getReleaseGroup(db, distribution.org_id, distribution.release_id);
  for (const { language } of rows) {
    const release = group.byLanguage.get(language) ?? group.primary;
    const render = () => renderEmbargoUpdate(release.content, { organization: identity.organization, theme: identity.theme, previous, next, templatesDir: deps.config.templatesDir });
    await ensureRender(db, { distributionId, variant: 'update', revision, language }, render, deps.clock.now());
  }
  // A distribution that had finished owes these now.
  await moveDistribution(db, distributionId, 'sending', deps.clock.now(), { completed_at: null }, ['completed', 'completed_with_failures']);
  await deps.queues.enqueueMany('email', batches.map((batch) => ({ payload: { distributionId, batch } })));
  return rows.reduce((sum, r) => sum + Number(r.count), 0);
}

export interface EmbargoChangeRecord {
  by: string;
  at: number;
  lifted: boolean;
  previous: string | null;
  until: string;
  /** Update messages queued (over every distribution of the release). */
  updates: number;
}

/** Each change of a release's embargo, oldest first, from the audit log: who, when, from what to what. */
export async function embargoHistory(deps: { db: Db }, actor: Actor, releaseId: string): Promise<EmbargoChangeRecord[]> {
  authorize(actor, 'read');
  const rows = await deps.db.kysely
    .selectFrom('audit_log')
    .select(['actor_label', 'actor_type', 'at', 'action', 'detail'])
    .where('org_id', '=', actor.orgId)
    .where('object_type', '=', 'release')
    .where('object_id', '=', releaseId)
    .where('action', 'in', ['release.embargo.change', 'release.embargo.lift'])
    .orderBy('id')
    .execute();
  return rows.map((r) => {
    const detail = (r.detail ? JSON.parse(r.detail) : {}) as { previous?: string | null; until?: string; updates?: number };
    return { by: r.actor_label ?? r.actor_type, at: Number(r.at), lifted: r.action === 'release.embargo.lift', previous: detail.previous ?? null, until: detail.until ?? '', updates: detail.updates ?? 0 };
  });
}
