/**
 * A window never loses outcomes: every message is built before any is handed over, and a
 * message that cannot be built fails alone, with the reason, while the rest of its window
 * goes out and nothing is left `sending`.
 */
import { describe, expect, it } from 'vitest';
import { planDistribution } from '../../src/distribution/plan.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { deliveries, fastTimings, journalists, seedList, send } from '../helpers/scenario.js';
import { appWithSink } from '../helpers/suite.js';
import { waitForDistribution } from '../helpers/test-app.js';

describe.each(testDatabaseKinds())('window outcomes (%s)', (database) => {
  const s = appWithSink({ database, env: fastTimings, workers: false, release: true });

  it('a message that cannot be built fails with the reason; the rest of its window is sent', async () => {
    const addresses = journalists(8, 'window.example.org');
    await seedList(s.t, 'window', addresses);
    const id = await send(s.t, s.releaseId, ['window']);
    await planDistribution(s.t.ctx, id);
    // One row asks for a language nobody rendered: its message cannot be built.
    const broken = await s.t.ctx.db.kysely.selectFrom('deliveries').select(['id', 'address']).where('distribution_id', '=', id).orderBy('id').executeTakeFirstOrThrow();
    await s.t.ctx.db.kysely.updateTable('deliveries').set({ language: 'xx' }).where('id', '=', broken.id).execute();

    await s.t.startWorkers();
    const final = await waitForDistribution(s.t, id);
    expect(final).toMatchObject({ status: 'completed_with_failures', owed: 0, counts: { accepted: 7, failed: 1, sending: 0 } });
    const line = (await deliveries(s.t, id)).find((d) => d.id === broken.id)!;
    expect(line).toMatchObject({ status: 'failed', attempts: 1 });
    expect(line.reason).toMatch(/could not be built: no public render in xx/);
    const counts = s.sink.countByRecipient();
    expect(counts.has(broken.address)).toBe(false);
    for (const a of addresses.filter((x) => x !== broken.address)) expect(counts.get(a)).toBe(1);
  });
});
