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
import { domainOf } from '../channels/email/mime.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { databaseNow } from '../db/dialect.js';
import type { DistributionRow } from '../db/schema.js';
import { completeIfDone, moveDistribution, voidApproval } from '../ledger/distributions.js';
import { approvalHolds } from './approval.js';
import { insertCorrectionDeliveries, insertEmailDeliveries } from '../ledger/new-deliveries.js';
import { dueAtSql, owedSql } from '../ledger/owed.js';
import type { Logger } from '../logger.js';
import type { Queues } from '../queue/queues.js';
import { getReleaseGroup, type ReleaseGroup } from '../releases/releases.repo.js';
import { renderRelease } from '../rendering/render-release.js';
import { audienceOf } from './audience.js';
import { loadDistribution } from './distributions.repo.js';
import { identityFor, type Identity } from '../organisations/identity.js';
import { getOrganisation } from '../organisations/organisations.service.js';
import { ensureRender, neededRenders } from './renders.js';
import { planSocial, socialSourceOf } from './social-plan.js';

export interface PlanDeps {
  db: Db;
  queues: Queues;
  logger: Logger;
  config: Pick<Config, 'organization' | 'templatesDir' | 'mailFrom' | 'publicUrl'> & { worker: Pick<Config['worker'], 'batchSize'> };
  clock: { now(): number };
}

export type PlanResult = { kind: 'done' } | { kind: 'later'; at: number };

async function renderVariants(deps: PlanDeps, distributionId: string, group: ReleaseGroup, identity: Identity, options: { tracking: boolean; correction: boolean }): Promise<void> {
  for (const { variant, language } of await neededRenders(deps.db, distributionId)) {
    const release = group.byLanguage.get(language) ?? group.primary;
    await ensureRender(
      deps.db,
      { distributionId, variant, revision: 0, language },
      () =>
        renderRelease(release.content, {
          variant: variant === 'embargoed' ? 'embargoed' : 'public',
          embargo: group.primary.embargo,
          organization: identity.organization,
          theme: identity.theme,
          templatesDir: deps.config.templatesDir,
          readOnline: true,
          ...options,
        }),
      deps.clock.now(),
    );
  }
}

/** One send job per batch, delayed until its first delivery is due (public copies wait for the lift). */
async function enqueueBatches(deps: PlanDeps, distributionId: string): Promise<number> {
  const { rows: batches } = await sql<{ batch: number; due: number }>`select batch, min(${dueAtSql(deps.db, distributionId)}) as due
      from deliveries where distribution_id = ${distributionId} and kind = 'email' and ${owedSql()}
      group by batch order by batch`.execute(deps.db.kysely);
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
  await moveDistribution(deps.db, distribution.id, 'planning', deps.clock.now(), {}, ['scheduled']);
  return undefined;
}

export async function planDistribution(deps: PlanDeps, distributionId: string): Promise<PlanResult> {
  let distribution = await loadDistribution(deps.db, distributionId);
  if (!(await approvalHolds(deps.db, distribution))) {
    // Belt and braces: every change voids an approval where it is made; this catches any that was not.
    await voidApproval(deps.db, distributionId, 'approval voided: what would be sent differs from what was approved', deps.clock.now());
    return { kind: 'done' };
  }
  const wait = await startIfDue(deps, distribution);
  if (wait) return wait;
  distribution = await loadDistribution(deps.db, distributionId);
  if (distribution.status !== 'planning') return { kind: 'done' };
  const group = await getReleaseGroup(deps.db, distribution.org_id, distribution.release_id);
  const identity = await identityFor(deps, distribution.org_id);

  const audience = audienceOf(distribution);
  const recipients = {
    distributionId,
    languages: [...group.byLanguage.keys()],
    primaryLanguage: group.primary.content.language,
    batchSize: deps.config.worker.batchSize,
    messageDomain: domainOf(identity.mailFrom),
  };
  if (audience.corrects) await insertCorrectionDeliveries(deps.db, { ...recipients, corrects: audience.corrects });
  else await insertEmailDeliveries(deps.db, { ...recipients, listIds: audience.lists });
  // Tracking is decided when rendering: an organisation that turns it off stops it for what it sends next.
  const { tracking } = await getOrganisation(deps.db, distribution.org_id);
  await renderVariants(deps, distributionId, group, identity, { tracking: tracking === 1, correction: audience.corrects !== undefined });
  const batches = await enqueueBatches(deps, distributionId);
  if (audience.accounts.length) await planSocial(deps, distribution, audience.accounts, await socialSourceOf(deps.db, deps.config.publicUrl, group.primary));

  await moveDistribution(deps.db, distributionId, 'sending', deps.clock.now(), { planned_at: deps.clock.now() }, ['planning']);
  await completeIfDone(deps, distributionId);
  deps.logger.info({ distribution: distributionId, release: group.primary.id, batches }, 'distribution planned');
  return { kind: 'done' };
}
