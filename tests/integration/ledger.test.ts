/**
 * The ledger refuses what its transition table does not allow, on the real databases: a
 * worker that lost its lease cannot overwrite the next holder's outcome, a finished
 * delivery is never claimed or changed again, and a cancelled distribution stays cancelled.
 */
import { describe, expect, it } from 'vitest';
import { claimDue, markHandedOver, recordOutcomes, renewLeases, type Outcome } from '../../src/ledger/deliveries.js';
import { planDistribution } from '../../src/distribution/plan.js';
import { moveDistribution } from '../../src/ledger/distributions.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { journalists, seedList, send } from '../helpers/scenario.js';
import { appWithSink } from '../helpers/suite.js';
import { waitForDistribution } from '../helpers/test-app.js';

describe.each(testDatabaseKinds())('ledger fencing (%s)', (database) => {
  const s = appWithSink({ database, workers: false, release: true });
  let run = 0;

  /** A planned distribution whose deliveries nobody is sending (no workers run in this file). */
  async function planned(n: number) {
    run++;
    await seedList(s.t, `ledger-${run}`, journalists(n, `ledger${run}.example.org`));
    const id = await send(s.t, s.releaseId, [`ledger-${run}`]);
    await planDistribution(s.t.ctx, id);
    return id;
  }
  const accepted = (id: string): Outcome => ({ id, status: 'accepted', attempt: 1, attemptOutcome: 'accepted', reply: '250 ok', startedAt: 1, finishedAt: 2 });
  const row = (id: string) => s.t.ctx.db.kysely.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('a worker whose lease ran out and was reclaimed cannot overwrite the new holder', async () => {
    const id = await planned(1);
    const [first] = await claimDue(s.t.ctx.db, { distributionId: id, scope: { batch: 0 }, owner: 'worker-a', leaseMs: 1000, limit: 10 });
    expect(first).toBeDefined();
    // worker-a stalls past its lease; worker-b reclaims the row.
    await s.t.ctx.db.kysely.updateTable('deliveries').set({ lease_until: Date.now() - 1 }).where('id', '=', first!.id).execute();
    const [again] = await claimDue(s.t.ctx.db, { distributionId: id, scope: { batch: 0 }, owner: 'worker-b', leaseMs: 60_000, limit: 10 });
    expect(again?.id).toBe(first!.id);
    expect(await renewLeases(s.t.ctx.db, [first!.id], 'worker-a', 60_000)).toBe(0);

    await recordOutcomes(s.t.ctx.db, [{ ...accepted(first!.id), status: 'failed', reason: 'stale' }], 'worker-a');
    expect(await row(first!.id)).toMatchObject({ status: 'sending', lease_owner: 'worker-b' });
    await recordOutcomes(s.t.ctx.db, [accepted(first!.id)], 'worker-b');
    expect(await row(first!.id)).toMatchObject({ status: 'accepted', lease_owner: null, reason: null });
    const attempts = await s.t.ctx.db.kysely.selectFrom('delivery_attempts').select('worker').where('delivery_id', '=', first!.id).execute();
    expect(attempts).toEqual([{ worker: 'worker-b' }]);
  });

  it('a worker whose lease ran out hands nothing over, even before anyone reclaimed the rows', async () => {
    const id = await planned(2);
    const held = await claimDue(s.t.ctx.db, { distributionId: id, scope: { batch: 0 }, owner: 'worker-a', leaseMs: 60_000, limit: 10 });
    expect(held).toHaveLength(2);
    await s.t.ctx.db.kysely.updateTable('deliveries').set({ lease_until: Date.now() - 1 }).where('id', '=', held[0]!.id).execute();
    const handed = await markHandedOver(s.t.ctx.db, held.map((r) => r.id), 'worker-a', 60_000);
    expect([...handed]).toEqual([held[1]!.id]);
    expect(await row(held[0]!.id)).toMatchObject({ transmit_at: null });
    expect((await row(held[1]!.id)).lease_until).toBeGreaterThan(Date.now() + 50_000);
  });

  it('a finished delivery is never claimed again, and an outcome for it changes nothing', async () => {
    const id = await planned(1);
    const [held] = await claimDue(s.t.ctx.db, { distributionId: id, scope: { batch: 0 }, owner: 'worker-a', leaseMs: 60_000, limit: 10 });
    await recordOutcomes(s.t.ctx.db, [accepted(held!.id)], 'worker-a');
    expect(await claimDue(s.t.ctx.db, { distributionId: id, scope: { batch: 0 }, owner: 'worker-a', leaseMs: 60_000, limit: 10 })).toEqual([]);
    await recordOutcomes(s.t.ctx.db, [{ ...accepted(held!.id), status: 'bounced' }], 'worker-a');
    expect((await row(held!.id)).status).toBe('accepted');
  });

  it('a cancelled distribution is never reopened or completed', async () => {
    const id = await planned(2);
    const now = Date.now();
    expect(await moveDistribution(s.t.ctx.db, id, 'cancelled', now)).toBe(true);
    expect(await moveDistribution(s.t.ctx.db, id, 'sending', now)).toBe(false);
    expect(await moveDistribution(s.t.ctx.db, id, 'completed', now)).toBe(false);
    const report = await waitForDistribution(s.t, id, 1000);
    expect(report.status).toBe('cancelled');
  });
});
