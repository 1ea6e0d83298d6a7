/**
 * The reconciler puts back only what is really owed: a finished distribution is left
 * alone, a batch whose job finished while rows are still owed gets its job back, and a
 * batch that paid its rows between the read and the check is not re-queued.
 */
import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/distribution/reconciler.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { journalists, seedList, send } from '../helpers/scenario.js';
import { appWithSink } from '../helpers/suite.js';
import { waitForDistribution } from '../helpers/test-app.js';

describe.each(testDatabaseKinds())('reconciler (%s)', (database) => {
  const s = appWithSink({ database, workers: true, release: true, env: { SEND_BATCH_SIZE: '5' } });
  const run = (settleMs = 0) => reconcile({ ...s.t.ctx, settleMs });

  async function finishedDistribution(name: string, n: number) {
    const addresses = journalists(n, `${name}.example.org`);
    await seedList(s.t, name, addresses);
    const id = await send(s.t, s.releaseId, [name]);
    const report = await waitForDistribution(s.t, id);
    expect(report.counts.accepted).toBe(n);
    return { id, addresses };
  }

  it('leaves a finished distribution alone', async () => {
    await finishedDistribution('rec-done', 12);
    expect(await run()).toEqual({ plans: 0, batches: 0, posts: 0 });
  });

  it('re-adds the finished job of a batch that still owes rows, and those rows go out', async () => {
    const { id } = await finishedDistribution('rec-owed', 12);
    const db = s.t.ctx.db.kysely;
    // As if the first batch's job had finished without sending two of its rows.
    const firstBatch = await db.selectFrom('deliveries').select('address').where('distribution_id', '=', id).where('batch', '=', 0).orderBy('id').execute();
    const owed = firstBatch.slice(0, 2).map((d) => d.address);
    await db.updateTable('distributions').set({ status: 'sending', completed_at: null }).where('id', '=', id).execute();
    await db
      .updateTable('deliveries')
      .set({ status: 'queued', next_attempt_at: 0, attempts: 0, finished_at: null })
      .where('distribution_id', '=', id)
      .where('address', 'in', owed)
      .execute();
    const before = s.sink.received.length;

    expect(await run()).toEqual({ plans: 0, batches: 1, posts: 0 });
    const report = await waitForDistribution(s.t, id);
    expect(report.counts.accepted).toBe(12);
    const resent = s.sink.received.slice(before).flatMap((m) => m.rcptTo);
    expect(resent.sort()).toEqual([...owed].sort());
  });

  it('does not re-add a job whose work is already done when asked', async () => {
    const { id } = await finishedDistribution('rec-raced', 5);
    const state = await s.t.ctx.queues.ensure('email', { distributionId: id, batch: 0 }, undefined, async () => false);
    expect(state).toBeUndefined();
    expect(await s.t.ctx.queues.ensure('email', { distributionId: id, batch: 0 }, undefined, async () => true)).toMatch(/^(missing|completed)$/);
  });
});
