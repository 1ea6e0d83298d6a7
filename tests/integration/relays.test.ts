/**
 * Two sending relays, real SMTP servers: relay A stops in the middle of a send (it answers 421
 * and then goes away); the rest goes through relay B, every recipient gets exactly one copy
 * across both relays, each delivery records the relay that took it, and once A is back its
 * circuit breaker's probe brings traffic back to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { deliveries, fastTimings, journalists, seedList, seedRelease, send, until } from '../helpers/scenario.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { startTestApp, waitForDistribution, type TestApp } from '../helpers/test-app.js';

const recipients = journalists(40, 'relays.example.org');
const later = journalists(8, 'later.example.net');
const again = journalists(5, 'again.example.com');
const stopAfter = 12;

describe.each(testDatabaseKinds())('sending relays fail over and come back (%s)', (database) => {
  let t: TestApp;
  let a = new SmtpSink();
  const b = new SmtpSink();
  let aPort = 0;
  const stopped: SmtpSink[] = [];

  beforeAll(async () => {
    await a.start();
    await b.start();
    aPort = a.port;
    t = await startTestApp({
      database,
      env: {
        ...fastTimings,
        SMTP_URLS: `smtp://127.0.0.1:${a.port}?name=relay-a&rate=20, smtp://127.0.0.1:${b.port}?name=relay-b`,
        SMTP_RELAY_COOLDOWN_MS: '1500',
      },
    });
    await seedList(t, 'desk', recipients);
    await seedList(t, 'later', later);
    await seedList(t, 'again', again);
  });

  afterAll(async () => {
    await t?.close();
    await a.close().catch(() => undefined);
    await b.close();
  });

  const copies = (addresses: string[]) => {
    const all = [...new Set([...stopped, a, b])].flatMap((s) => s.received);
    return addresses.map((address) => all.filter((r) => r.rcptTo.includes(address)));
  };

  it('moves what relay A did not take to relay B when A stops mid-send, and sends nobody twice', async () => {
    const releaseId = await seedRelease(t);
    const id = await send(t, releaseId, ['desk']);
    await a.waitFor(() => a.received.length >= stopAfter);
    // A stops: it refuses every new recipient with 421, then goes away altogether.
    a.script = { rcpt: () => ({ code: 421, message: '4.3.2 Service shutting down' }) };
    await new Promise((r) => setTimeout(r, 150));
    await a.close();
    stopped.push(a);

    const report = await waitForDistribution<{ done: boolean; counts: Record<string, number> }>(t, id);
    expect(report.counts.accepted).toBe(recipients.length);
    for (const got of copies(recipients)) expect(got).toHaveLength(1);
    expect(a.received.length).toBeGreaterThanOrEqual(stopAfter);
    expect(b.received.length).toBeGreaterThan(0);
    expect(a.received.length + b.received.length).toBe(recipients.length);

    const lines = await deliveries(t, id);
    const byA = new Set(a.received.map((r) => r.messageId));
    const byB = new Set(b.received.map((r) => r.messageId));
    for (const line of lines) {
      // A copy in flight when A went away may have been lost after its final dot: it is sent again
      // (same Message-ID) and flagged. Then A kept nothing of it, so it still arrived once.
      if (line.possibleDuplicate) expect(byA.has(line.messageId)).toBe(false);
      expect(line.relay).toBe(byA.has(line.messageId) ? 'relay-a' : 'relay-b');
      expect(byA.has(line.messageId) !== byB.has(line.messageId)).toBe(true);
    }
  });

  it('records on each accepted attempt the relay that took it', async () => {
    const rows = await t.ctx.db.kysely
      .selectFrom('delivery_attempts')
      .innerJoin('deliveries', 'deliveries.id', 'delivery_attempts.delivery_id')
      .select(['delivery_attempts.relay as attemptRelay', 'deliveries.relay as deliveryRelay'])
      .where('delivery_attempts.outcome', '=', 'accepted')
      .execute();
    expect(rows).toHaveLength(recipients.length);
    for (const r of rows) expect(r.attemptRelay).toBe(r.deliveryRelay);
    expect(new Set(rows.map((r) => r.attemptRelay))).toEqual(new Set(['relay-a', 'relay-b']));
  });

  it('uses relay A again once it is back: the breaker probes it and closes', async () => {
    a = new SmtpSink();
    await a.start({ port: aPort });
    await new Promise((r) => setTimeout(r, 1600)); // the cool-down
    const releaseId = await seedRelease(t, 'Harbor Legal Aid follow-up on detention and counsel');
    const id = await send(t, releaseId, ['later']);
    await waitForDistribution(t, id);
    for (const got of copies(later)) expect(got).toHaveLength(1);
    const lines = await until(() => deliveries(t, id), (ls) => ls.every((l) => l.status === 'accepted'));
    const throughA = lines.filter((l) => l.relay === 'relay-a');
    expect(throughA.length).toBeGreaterThan(0);
    expect(a.received.map((r) => r.messageId).sort()).toEqual(throughA.map((l) => l.messageId).sort());
  });

  it('sends everything through relay A again once its probe closed the circuit', async () => {
    const before = b.received.length;
    const releaseId = await seedRelease(t, 'Harbor Legal Aid third note on detention and counsel');
    const id = await send(t, releaseId, ['again']);
    await waitForDistribution(t, id);
    const lines = await deliveries(t, id);
    expect(lines.map((l) => l.relay)).toEqual(again.map(() => 'relay-a'));
    expect(b.received.length).toBe(before);
  });
});
