/**
 * Planning a distribution (the `distribution.plan` job): resolve the audience into one
 * delivery row per recipient — in their language, early or public — render each
 * (variant, language) once, and enqueue the send batches.
 *
 * Every step is idempotent, so a plan job that runs twice (a crash, a stalled job, the
 * reconciler) creates nothing twice: renders and deliveries are inserted with
 * ON CONFLICT DO NOTHING, and batch jobs have deterministic ids.
 */
import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { databaseNow, greatest, newCodeSql, newIdSql, nowMs, publicFrom } from '../db/dialect.js';
import type { DistributionRow } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { Queues } from '../queue/queues.js';
import { getReleaseGroup, type ReleaseGroup } from '../releases/releases.repo.js';
import { renderRelease } from '../rendering/render-release.js';
import { completeIfDone } from '../tracking/deliveries.repo.js';
import { getDistribution, setDistributionStatus } from './distributions.repo.js';
import { ensureRender, neededRenders } from './renders.js';
import { accountsOf, planSocial, socialSourceOf } from './social-plan.js';

export interface PlanDeps {
  db: Db;
  queues: Queues;
  logger: Logger;
  config: Pick<Config, 'organization' | 'templatesDir' | 'mailFrom' | 'publicUrl'> & { worker: Pick<Config['worker'], 'batchSize'> };
  clock: { now(): number };
}

export type PlanResult = { kind: 'done' } | { kind: 'later'; at: number };

/**
 * One statement inserts every delivery: the union of the lists, deduplicated by address
 * (contacts are unique by address), minus suppressed addresses. Each gets the release's
 * language when a version exists in theirs, and — while the release is under embargo —
 * the embargoed variant if they accept embargoes or sit on an early-access list, with a
 * reference code of their own. Batches group recipients of one variant and language.
 * The audience never passes through this process's memory.
 */
async function insertDeliveries(deps: PlanDeps, distribution: DistributionRow, group: ReleaseGroup): Promise<void> {
  const { db } = deps;
  const now = nowMs(db);
  const domain = deps.config.mailFrom.address.split('@')[1]!;
  const { lists } = JSON.parse(distribution.audience) as { lists: string[] };
  const listIds = sql.join(lists.map((id) => sql`${id}`));
  const languages = sql.join([...group.byLanguage.keys()].map((l) => sql`${l}`));
  const early = sql`(c.embargo_ok = 1 or c.id in (select m.contact_id from list_members m join lists l on l.id = m.list_id
      where l.early_access = 1 and m.list_id in (${listIds})))`;
  const embargoed = sql`${publicFrom(distribution.id)} > ${now}`;
  await sql`insert into deliveries (id, distribution_id, channel, target_key, contact_id, address, recipient_name,
        language, variant, batch, status, next_attempt_at, message_id, reference_code, created_at, updated_at)
      select b.id, ${distribution.id}, 'email', b.email_key, b.contact_id, b.email, b.name, b.language, b.variant,
        cast((b.rn - 1) / ${deps.config.worker.batchSize} as integer), 'queued', ${now},
        '<' || b.id || '.1@' || ${domain} || '>',
        case when b.variant = 'embargoed' then ${newCodeSql(db)} end, ${now}, ${now}
      from (
        select a.*, row_number() over (order by a.variant, a.language, a.contact_id) as rn
        from (
          select ${newIdSql(db, 'dlv')} as id, c.id as contact_id, c.email, c.email_key, c.name,
            case when c.language in (${languages}) then c.language else ${group.primary.content.language} end as language,
            case when ${embargoed} and ${early} then 'embargoed' else 'public' end as variant
          from contacts c
          where c.id in (select m.contact_id from list_members m where m.list_id in (${listIds}))
            and not exists (select 1 from suppressions s where s.email_key = c.email_key)
        ) a
      ) b
      where true
      on conflict (distribution_id, channel, target_key) do nothing`.execute(db.kysely);
}

async function renderVariants(deps: PlanDeps, distributionId: string, group: ReleaseGroup): Promise<void> {
  for (const { variant, language } of await neededRenders(deps.db, distributionId)) {
    const release = group.byLanguage.get(language) ?? group.primary;
    await ensureRender(
      deps.db,
      distributionId,
      variant,
      language,
      () =>
        renderRelease(release.content, {
          variant: variant === 'embargoed' ? 'embargoed' : 'public',
          embargo: group.primary.embargo,
          organization: deps.config.organization,
          templatesDir: deps.config.templatesDir,
          readOnline: true,
        }),
      deps.clock.now(),
    );
  }
}

/** One send job per batch, delayed until its first delivery is due (public copies wait for the lift). */
async function enqueueBatches(deps: PlanDeps, distributionId: string): Promise<number> {
  const batches = await deps.db.kysely
    .selectFrom('deliveries')
    .select(['batch'])
    .select(sql<number>`min(case when variant = 'public' then ${greatest(deps.db, sql`next_attempt_at`, publicFrom(distributionId))} else next_attempt_at end)`.as('due'))
    .where('distribution_id', '=', distributionId)
    .where('channel', '=', 'email')
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

/** A scheduled distribution starts when the database clock says so, whatever woke its job. */
async function startIfDue(deps: PlanDeps, distribution: DistributionRow): Promise<PlanResult | undefined> {
  if (distribution.status !== 'scheduled') return undefined;
  if (distribution.send_at !== null && distribution.send_at > (await databaseNow(deps.db))) return { kind: 'later', at: distribution.send_at };
  await setDistributionStatus(deps.db, distribution.id, ['scheduled'], 'planning', deps.clock.now());
  return undefined;
}

export async function planDistribution(deps: PlanDeps, distributionId: string): Promise<PlanResult> {
  let distribution = await getDistribution(deps.db, distributionId);
  const wait = await startIfDue(deps, distribution);
  if (wait) return wait;
  distribution = await getDistribution(deps.db, distributionId);
  if (distribution.status !== 'planning') return { kind: 'done' };
  const group = await getReleaseGroup(deps.db, distribution.release_id);

  const { lists } = JSON.parse(distribution.audience) as { lists: string[] };
  if (lists.length > 0) await insertDeliveries(deps, distribution, group);
  await renderVariants(deps, distributionId, group);
  const batches = await enqueueBatches(deps, distributionId);
  const accounts = accountsOf(JSON.parse(distribution.channels) as string[]);
  if (accounts.length) await planSocial(deps, distributionId, accounts, await socialSourceOf(deps.db, deps.config.publicUrl, group.primary));

  await setDistributionStatus(deps.db, distributionId, ['planning'], 'sending', deps.clock.now(), { planned_at: deps.clock.now() });
  await completeIfDone(deps.db, distributionId);
  deps.logger.info('distribution planned', { distribution: distributionId, release: group.primary.id, batches });
  return { kind: 'done' };
}
