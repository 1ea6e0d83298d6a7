/**
 * A relay that throttles above a set rate (421 "slow down" to whatever exceeds it) gets a
 * send rate that falls under its limit and rises again while it accepts — not a queue that
 * stops for a fixed minute, and not a hammering of retries. Everyone gets one copy.
 */
import { describe, expect, it } from 'vitest';
import { sendRateKey } from '../../src/queue/send-rate.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { fastTimings, journalists, seedList, send } from '../helpers/scenario.js';
import { appWithSink } from '../helpers/suite.js';
import { waitForDistribution } from '../helpers/test-app.js';

const relayLimit = 50; // messages a second

describe.each(testDatabaseKinds())('adaptive send rate (%s)', (database) => {
  const s = appWithSink({ database, env: { ...fastTimings, SEND_BATCH_SIZE: '50' }, release: true });

  it('falls under the relay limit when throttled, then rises again, and loses no one', async () => {
    const accepted: number[] = [];
    let refused = 0;
    // The relay counts RCPTs it accepted in the last second and refuses the excess.
    s.sink.script.rcpt = () => {
      const now = Date.now();
      while (accepted.length > 0 && accepted[0]! < now - 1000) accepted.shift();
      if (accepted.length >= relayLimit) {
        refused++;
        return { code: 421, message: '4.7.0 Too many messages, slow down' };
      }
      accepted.push(now);
      return undefined;
    };
    const addresses = journalists(400, 'throttle.example.org');
    await seedList(s.t, 'throttle', addresses);

    // The limit every worker shares, as Redis holds it.
    const key = sendRateKey(s.t.ctx.config.redis.prefix);
    const samples: { at: number; rate: number | undefined }[] = [];
    const sampler = setInterval(() => void s.t.ctx.redis.hget(key, 'rate').then((r) => samples.push({ at: Date.now(), rate: r === null ? undefined : Number(r) })), 100);
    try {
      const id = await send(s.t, s.releaseId, ['throttle']);
      const final = await waitForDistribution(s.t, id, 90_000);
      expect(final).toMatchObject({ status: 'completed', counts: { accepted: 400, failed: 0 } });
    } finally {
      clearInterval(sampler);
    }
    const counts = s.sink.countByRecipient();
    for (const a of addresses) expect(counts.get(a)).toBe(1);

    const limited = samples.filter((x): x is { at: number; rate: number } => x.rate !== undefined);
    expect(refused).toBeGreaterThan(0);
    expect(limited.length).toBeGreaterThan(0);
    // It fell to or below what the relay accepts…
    const lowest = limited.reduce((a, b) => (b.rate < a.rate ? b : a));
    expect(lowest.rate).toBeLessThanOrEqual(relayLimit);
    // …and rose again afterwards while replies were good.
    expect(limited.some((x) => x.at > lowest.at && x.rate > lowest.rate)).toBe(true);
    // Adapting, not hammering: far fewer refusals than a retry of everyone on every throttle.
    expect(refused).toBeLessThan(addresses.length);
  });
});
