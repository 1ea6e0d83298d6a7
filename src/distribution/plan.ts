/**
 * Planning a distribution (the `distribution.plan` job): resolve the audience into one
 * delivery row per recipient, render each variant once, and enqueue the send batches.
 *
 * Every step is idempotent, so a plan job that runs twice (a crash, a stalled job, the
 * reconciler) creates nothing twice: renders and deliveries are inserted with
 * ON CONFLICT DO NOTHING, and batch jobs have deterministic ids.
 */
import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { nowMs, newIdSql } from '../db/dialect.js';
import { newId } from '../ids.js';
import type { Logger } from '../logger.js';
import type { Queues } from '../queue/queues.js';
import type { Release } from '../releases/releases.repo.js';
import { getRelease } from '../releases/releases.repo.js';
import { renderRelease } from '../rendering/render-release.js';
import { completeIfDone } from '../tracking/deliveries.repo.js';
import { getDistribution, setDistributionStatus } from './distributions.repo.js';

export interface PlanDeps {
  db: Db;
  queues: Queues;
  logger: Logger;
  config: Pick<Config, 'organization' | 'templatesDir' | 'mailFrom'> & { worker: Pick<Config['worker'], 'batchSize'> };
  clock: { now(): number };
}


async function ensureRender(deps: PlanDeps, distributionId: string, release: Release): Promise<void> {
  const existing = await deps.db.kysely
    .selectFrom('renders')
    .select('id')
    .where('distribution_id', '=', distributionId)
    .where('variant', '=', 'public')
    .where('language', '=', release.content.language)
    .executeTakeFirst();
  if (existing) return;
  const rendered = await renderRelease(release.content, {
    variant: 'public',
    organization: deps.config.organization,
    templatesDir: deps.config.templatesDir,
  });
  await deps.db.kysely
    .insertInto('renders')
    .values({
      id: newId('rnd'),
      distribution_id: distributionId,
      variant: 'public',
      language: release.content.language,
      content: JSON.stringify(rendered),
      created_at: deps.clock.now(),
    })
    .onConflict((oc) => oc.columns(['distribution_id', 'variant', 'language']).doNothing())
    .execute();
}

/**
 * One statement inserts every delivery: the union of the lists, deduplicated by address
 * (contacts are unique by address), minus suppressed addresses, in batches of `batchSize`.
 * The audience never passes through this process's memory.
 */
async function insertDeliveries(deps: PlanDeps, distributionId: string, listIds: string[], release: Release): Promise<void> {
  const { db } = deps;
  const now = nowMs(db);
  // The sender's domain: Message-IDs are ours to mint there.
  const domain = deps.config.mailFrom.address.split('@')[1]!;
  const lists = sql.join(listIds.map((id) => sql`${id}`));
  await sql`insert into deliveries (id, distribution_id, channel, target_key, contact_id, address, recipient_name,
        language, variant, batch, status, next_attempt_at, message_id, created_at, updated_at)
      select a.id, ${distributionId}, 'email', a.email_key, a.contact_id, a.email, a.name,
        ${release.content.language}, 'public', cast((a.rn - 1) / ${deps.config.worker.batchSize} as integer), 'queued', ${now},
        '<' || a.id || '.1@' || ${domain} || '>', ${now}, ${now}
      from (
        select ${newIdSql(db, 'dlv')} as id, c.id as contact_id, c.email, c.email_key, c.name,
          row_number() over (order by c.id) as rn
        from contacts c
        where c.id in (select m.contact_id from list_members m where m.list_id in (${lists}))
          and not exists (select 1 from suppressions s where s.email_key = c.email_key)
      ) a
      where true
      on conflict (distribution_id, channel, target_key) do nothing`.execute(db.kysely);
}

async function enqueueBatches(deps: PlanDeps, distributionId: string): Promise<number> {
  const batches = await deps.db.kysely
    .selectFrom('deliveries')
    .select(['batch'])
    .select((eb) => eb.fn.min('next_attempt_at').as('due'))
    .where('distribution_id', '=', distributionId)
    .where('status', '=', 'queued')
    .groupBy('batch')
    .orderBy('batch')
    .execute();
  const now = deps.clock.now();
  await deps.queues.enqueueMany(
    'email',
    batches.map((b) => ({ payload: { distributionId, batch: b.batch }, options: { delay: Math.max(0, Number(b.due) - now) } })),
  );
  return batches.length;
}

export async function planDistribution(deps: PlanDeps, distributionId: string): Promise<void> {
  const distribution = await getDistribution(deps.db, distributionId);
  if (distribution.status !== 'planning') return;
  const release = await getRelease(deps.db, distribution.release_id);
  const { lists } = JSON.parse(distribution.audience) as { lists: string[] };

  await ensureRender(deps, distributionId, release);
  await insertDeliveries(deps, distributionId, lists, release);
  const batches = await enqueueBatches(deps, distributionId);

  await setDistributionStatus(deps.db, distributionId, ['planning'], 'sending', deps.clock.now(), { planned_at: deps.clock.now() });
  await completeIfDone(deps.db, distributionId);
  deps.logger.info('distribution planned', { distribution: distributionId, release: release.id, batches });
}
