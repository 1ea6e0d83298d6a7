/**
 * After the relay's 250: an event on a delivery is stored once with its evidence, and what it
 * causes follows the organisation's rules — a hard bounce suppresses at once, soft bounces
 * only when enough of them arrive within the window, a complaint suppresses and tells the admins.
 */
import { describe, expect, it } from 'vitest';
import { recordDeliveryEvent, type ComplaintNotice, type DeliveryEvent } from '../../src/tracking/delivery-events.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { journalists, seedList, send } from '../helpers/scenario.js';
import { addMember, firstAdmin, signInByLink } from '../helpers/sign-in.js';
import { appWithSink } from '../helpers/suite.js';
import { waitForDistribution } from '../helpers/test-app.js';

describe.each(testDatabaseKinds())('delivery events (%s)', (database) => {
  const s = appWithSink({ database, release: true });
  const notices: ComplaintNotice[] = [];
  const deps = () => ({ ...s.t.ctx, noticeComplaint: async (n: ComplaintNotice) => void notices.push(n) });
  let run = 0;

  /** A finished send to `n` fresh addresses; its deliveries by address. */
  async function sent(addresses: string[]): Promise<Map<string, string>> {
    run++;
    await seedList(s.t, `events-${run}`, addresses);
    const id = await send(s.t, s.releaseId, [`events-${run}`]);
    await waitForDistribution(s.t, id);
    const rows = await s.t.ctx.db.kysely.selectFrom('deliveries').select(['id', 'address']).where('distribution_id', '=', id).execute();
    return new Map(rows.map((r) => [r.address, r.id]));
  }
  const delivery = (id: string) => s.t.ctx.db.kysely.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const suppression = (address: string) => s.t.ctx.db.kysely.selectFrom('suppressions').selectAll().where('email_key', '=', address).executeTakeFirst();
  const bounce = (deliveryId: string, key: string, over: Partial<DeliveryEvent> = {}): DeliveryEvent => ({
    deliveryId,
    type: 'bounce',
    source: 'smtp',
    eventKey: key,
    bounceKind: 'hard',
    statusCode: '5.1.1',
    detail: 'smtp; 550 5.1.1 user unknown',
    evidence: 'Reporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; x@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n',
    occurredAt: Date.now(),
    ...over,
  });

  it('a hard bounce turns the accepted copy to bounced, keeps the evidence and suppresses the address; a replay changes nothing', async () => {
    const [address] = journalists(1, `hard${database}.example.org`);
    const id = (await sent([address!])).get(address!)!;
    expect((await delivery(id)).status).toBe('accepted');

    const first = await recordDeliveryEvent(deps(), bounce(id, `hard-${database}`));
    expect(first.applied).toBe(true);
    expect(await delivery(id)).toMatchObject({ status: 'bounced', last_enhanced: '5.1.1' });
    expect(await suppression(address!)).toMatchObject({ reason: 'bounced', delivery_id: id });
    const events = await s.t.ctx.db.kysely.selectFrom('delivery_events').selectAll().where('delivery_id', '=', id).execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'bounce', bounce_kind: 'hard', status_code: '5.1.1', source: 'smtp' });
    expect(events[0]!.evidence).toContain('Action: failed');

    expect(await recordDeliveryEvent(deps(), bounce(id, `hard-${database}`))).toEqual({ applied: false, reason: 'replay' });
    expect(await s.t.ctx.db.kysely.selectFrom('delivery_events').select('id').where('delivery_id', '=', id).execute()).toHaveLength(1);
  });

  it('soft bounces suppress only when the organisation’s limit is reached within its window', async () => {
    const [address] = journalists(1, `soft${database}.example.org`);
    const soft = (deliveryId: string, n: number, at = Date.now()) =>
      recordDeliveryEvent(deps(), bounce(deliveryId, `soft-${database}-${n}`, { bounceKind: 'soft', statusCode: '4.2.2', detail: 'mailbox full', occurredAt: at }));
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await sent([address!])).get(address!)!);
    // One old soft bounce, outside the 30-day window, does not count.
    await soft(ids[0]!, 0, Date.now() - 40 * 86_400_000);
    await soft(ids[1]!, 1);
    expect(await suppression(address!)).toBeUndefined();
    expect((await delivery(ids[1]!)).status).toBe('bounced');
    await soft(ids[2]!, 2);
    expect(await suppression(address!)).toBeUndefined();
    // A fourth message, and the limit (3 within 30 days) is reached.
    const fourth = (await sent([address!])).get(address!);
    // The address is not yet suppressed, so the fourth send reached it.
    expect(fourth).toBeDefined();
    await soft(fourth!, 3);
    expect(await suppression(address!)).toMatchObject({ reason: 'bounced' });
    expect((await suppression(address!))!.detail).toMatch(/3 soft bounces within 30 days/);
  });

  it('a complaint marks the copy complained, suppresses the address and tells the admins', async () => {
    const [address] = journalists(1, `spam${database}.example.org`);
    const id = (await sent([address!])).get(address!)!;
    const result = await recordDeliveryEvent(deps(), { deliveryId: id, type: 'complaint', source: 'smtp', eventKey: `arf-${database}`, detail: 'abuse', evidence: 'Feedback-Type: abuse', occurredAt: Date.now() });
    expect(result.applied).toBe(true);
    expect((await delivery(id)).status).toBe('complained');
    expect(await suppression(address!)).toMatchObject({ reason: 'complained', delivery_id: id });
    expect(notices).toContainEqual(expect.objectContaining({ address, deliveryId: id, detail: 'abuse' }));
  });

  it('the desk’s home tells admins how many addresses complained lately, and nobody else', async () => {
    const [address] = journalists(1, `home${database}.example.org`);
    const id = (await sent([address!])).get(address!)!;
    await recordDeliveryEvent(deps(), { deliveryId: id, type: 'complaint', source: 'smtp', eventKey: `home-${database}`, detail: 'abuse', occurredAt: Date.now() });
    const admin = await firstAdmin(s.t);
    const home = await admin.get('/releases');
    expect(home.body).toMatch(/marked your mail as spam in the last 30 days/);
    expect(home.body).toContain('href="/suppressions"');
    const editor = await signInByLink(s.t, await addMember(s.t, `editor.${database}@press.example.org`, 'editor'));
    expect((await editor.get('/releases')).body).not.toMatch(/marked your mail as spam/);
  });

  it('an open or a click changes no status; an event for no delivery is refused', async () => {
    const [address] = journalists(1, `open${database}.example.org`);
    const id = (await sent([address!])).get(address!)!;
    await recordDeliveryEvent(deps(), { deliveryId: id, type: 'open', source: 'pixel', eventKey: `open-${database}`, machineReason: 'within seconds of delivery', occurredAt: Date.now() });
    expect((await delivery(id)).status).toBe('accepted');
    const stored = await s.t.ctx.db.kysely.selectFrom('delivery_events').selectAll().where('delivery_id', '=', id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ type: 'open', machine: 1, machine_reason: 'within seconds of delivery' });
    expect(await recordDeliveryEvent(deps(), { ...bounce('dlv_0000000000000000000000000', `none-${database}`) })).toEqual({ applied: false, reason: 'unknown_delivery' });
  });
});
