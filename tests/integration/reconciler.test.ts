/**
 * The reconciler keeps one invariant — no owed delivery without a job that will take it —
 * and puts back only what is really owed: a finished distribution is left alone; a batch
 * whose job finished, failed or vanished while rows are still owed (waiting, or `sending`
 * under a dead worker's expired lease) gets its job back; and a batch that paid its rows
 * between the read and the check is not re-queued.
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

  it('sends rows stranded in `sending` under an expired lease, with no job left, after one reconcile', async () => {
    const { id, addresses } = await finishedDistribution('rec-stranded', 12);
    const db = s.t.ctx.db.kysely;
    // As if a worker had claimed two batches and died: one row never handed over, one handed over.
    const rows = await db.selectFrom('deliveries').select(['id', 'address', 'batch', 'message_id']).where('distribution_id', '=', id).orderBy('id').execute();
    const [untouched, handedOver] = [rows[0]!, rows.find((r) => r.batch !== rows[0]!.batch)!];
    await db.updateTable('distributions').set({ status: 'sending', completed_at: null }).where('id', '=', id).execute();
    const stranded = { status: 'sending' as const, lease_owner: 'worker-that-died', lease_until: Date.now() - 60_000, attempts: 0, finished_at: null };
    await db.updateTable('deliveries').set({ ...stranded, transmit_at: null }).where('id', '=', untouched.id).execute();
    await db.updateTable('deliveries').set({ ...stranded, transmit_at: Date.now() - 61_000 }).where('id', '=', handedOver.id).execute();
    const before = s.sink.received.length;

    expect(await run()).toEqual({ plans: 0, batches: 2, posts: 0 });
    const report = await waitForDistribution(s.t, id);
    expect(report).toMatchObject({ status: 'completed', owed: 0, counts: { accepted: addresses.length } });
    const resent = s.sink.received.slice(before);
    expect(resent.map((m) => m.rcptTo[0]).sort()).toEqual([untouched.address, handedOver.address].sort());
    // The copy that may have gone before goes again with the same Message-ID, flagged; the other is a plain first send.
    expect(resent.find((m) => m.rcptTo[0] === handedOver.address)!.messageId).toBe(handedOver.message_id);
    const flags = await db.selectFrom('deliveries').select(['id', 'duplicate_risk']).where('id', 'in', [untouched.id, handedOver.id]).execute();
    expect(Object.fromEntries(flags.map((f) => [f.id, f.duplicate_risk]))).toEqual({ [untouched.id]: 0, [handedOver.id]: 1 });
  });

  it('puts back the job of rows deferred to later, timed for when they are due', async () => {
    const { id } = await finishedDistribution('rec-deferred', 6);
    const db = s.t.ctx.db.kysely;
    const row = await db.selectFrom('deliveries').select(['id', 'batch']).where('distribution_id', '=', id).orderBy('id').executeTakeFirstOrThrow();
    await db.updateTable('distributions').set({ status: 'sending', completed_at: null }).where('id', '=', id).execute();
    const dueAt = Date.now() + 3_600_000;
    await db.updateTable('deliveries').set({ status: 'deferred', next_attempt_at: dueAt, finished_at: null }).where('id', '=', row.id).execute();

    expect(await run()).toEqual({ plans: 0, batches: 1, posts: 0 });
    const job = await s.t.ctx.queues.get('email').getJob(`send-${id}-${row.batch}`);
    expect(await job!.getState()).toBe('delayed');
    expect(job!.timestamp + job!.delay).toBeGreaterThan(dueAt - 60_000);
    // Asked again, it finds the job pending and adds nothing.
    expect(await run()).toEqual({ plans: 0, batches: 0, posts: 0 });
    await job!.remove();
  });

  it('does not re-add a job whose work is already done when asked', async () => {
    const { id } = await finishedDistribution('rec-raced', 5);
    const state = await s.t.ctx.queues.ensure('email', { distributionId: id, batch: 0 }, undefined, async () => false);
    expect(state).toBeUndefined();
    expect(await s.t.ctx.queues.ensure('email', { distributionId: id, batch: 0 }, undefined, async () => true)).toMatch(/^(missing|completed)$/);
  });
});
