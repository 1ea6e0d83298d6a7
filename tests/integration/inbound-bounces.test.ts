/**
 * Bounces and complaints by mail, end to end: a release goes out through the SMTP sink with a
 * VERP envelope sender per copy; notices come back over real SMTP to the inbound endpoint.
 */
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { deliverInbound, inboundFixture } from '../helpers/inbound-mail.js';
import { addMember, auditActions } from '../helpers/people.js';
import { deliveries, journalists, report, seedList, send } from '../helpers/scenario.js';
import { appWithSink } from '../helpers/suite.js';
import { waitForDistribution } from '../helpers/test-app.js';

const verp = /^bounces\+(dlv_[0-9a-z]{25})\.[0-9a-f]{24}@press\.example\.org$/;

describe.each(testDatabaseKinds())('bounces and complaints by mail (%s)', (database) => {
  const s = appWithSink({ database, release: true, inbound: true });
  const [bounced, complained, kept] = journalists(3);
  let first = '';
  const envelopeOf = (address: string) => s.sink.received.find((r) => r.rcptTo[0] === address)!.mailFrom;
  const deliver = (to: string, raw: Buffer) => deliverInbound(s.t.inboundPort!, { from: '', to: [to] }, raw);
  const eventsOf = (deliveryId: string) => s.t.ctx.db.kysely.selectFrom('delivery_events').selectAll().where('delivery_id', '=', deliveryId).execute();
  const statusOf = async (address: string) => (await deliveries(s.t, first)).find((d) => d.address === address)!;

  it('sends each copy with its own VERP envelope sender, the From header staying the organisation’s', async () => {
    await seedList(s.t, 'desk', journalists(3));
    first = await send(s.t, s.releaseId, ['desk']);
    expect((await waitForDistribution(s.t, first)).counts.accepted).toBe(3);
    const senders = [bounced!, complained!, kept!].map(envelopeOf);
    for (const sender of senders) expect(sender).toMatch(verp);
    expect(new Set(senders).size).toBe(3);
    expect(verp.exec(envelopeOf(bounced!))![1]).toBe((await statusOf(bounced!)).id);
    const raw = s.sink.received.find((r) => r.rcptTo[0] === bounced)!.raw.toString('utf8');
    expect(raw).toMatch(/^From: "Harbor Newsroom" <newsroom@press\.example\.org>/m);
    expect(raw).toMatch(/^Reply-To: "Dana Whitfield" <press@harborlegalaid\.example\.org>/m);
    // The token names the delivery, never the address.
    for (const address of [bounced!, complained!, kept!]) expect(envelopeOf(address)).not.toContain(address.split('@')[0]);
  });

  it('a DSN for one recipient bounces its delivery, with the evidence stored; an ARF complaint marks the other complained', async () => {
    const orgId = (await s.t.ctx.db.kysely.selectFrom('distributions').select('org_id').where('id', '=', first).executeTakeFirstOrThrow()).org_id;
    await addMember(s.t, 'admin@press.example.org', 'admin', orgId);
    await addMember(s.t, 'gone@press.example.org', 'admin', orgId);
    await s.t.ctx.db.kysely.updateTable('users').set({ disabled_at: Date.now() }).where('email', '=', 'gone@press.example.org').execute();

    const dsn = inboundFixture('rfc3464-user-unknown.eml', { bounce: envelopeOf(bounced!), recipient: bounced });
    expect(await deliver(envelopeOf(bounced!), dsn)).toMatch(/^250 /);
    const arf = inboundFixture('arf-abuse.eml', { bounce: envelopeOf(complained!), recipient: complained });
    expect(await deliver(envelopeOf(complained!), arf)).toMatch(/^250 /);

    const b = await statusOf(bounced!);
    expect(b.status).toBe('bounced');
    const [event] = await eventsOf(b.id);
    expect(event).toMatchObject({ type: 'bounce', bounce_kind: 'hard', source: 'smtp', status_code: '5.1.1' });
    expect(event!.evidence).toContain('Status: 5.1.1');
    expect(event!.evidence).toContain('Message-ID: <dlv_original.1@press.example.org>');
    expect((await statusOf(complained!)).status).toBe('complained');
    expect(await eventsOf((await statusOf(complained!)).id)).toMatchObject([{ type: 'complaint', detail: 'abuse' }]);
    expect((await statusOf(kept!)).status).toBe('accepted');

    const suppressions = await s.t.ctx.db.kysely.selectFrom('suppressions').select(['email_key', 'reason']).orderBy('email_key').execute();
    expect(suppressions).toEqual([
      { email_key: bounced, reason: 'bounced' },
      { email_key: complained, reason: 'complained' },
    ]);
  });

  it('tells the organisation’s active admins of the complaint, without the report, and leaves audit rows', async () => {
    await s.sink.waitFor(() => s.sink.received.some((r) => r.rcptTo[0] === 'admin@press.example.org'));
    const notices = s.sink.received.filter((r) => r.rcptTo[0]!.endsWith('@press.example.org'));
    expect(notices.map((n) => n.rcptTo[0])).toEqual(['admin@press.example.org']);
    const notice = notices[0]!.raw.toString('utf8');
    expect(notice).toContain(`Subject: Spam complaint: ${complained}`);
    expect(notice).toContain(first);
    expect(notice).not.toContain('Feedback-Type');
    const actions = await auditActions(s.t);
    expect(actions.find((a) => a.action === 'contact.complained')).toMatchObject({ actor: { type: 'system' }, object: { type: 'address', id: complained } });
    expect(actions.find((a) => a.action === 'contact.bounced')).toMatchObject({ actor: { type: 'system' }, object: { type: 'address', id: bounced } });
  });

  it('applies the same DSN delivered twice once', async () => {
    const dsn = inboundFixture('rfc3464-user-unknown.eml', { bounce: envelopeOf(bounced!), recipient: bounced });
    expect(await deliver(envelopeOf(bounced!), dsn)).toMatch(/^250 /);
    expect(await eventsOf((await statusOf(bounced!)).id)).toHaveLength(1);
  });

  it('keeps a DSN to a tampered token for review and changes nothing', async () => {
    const genuine = envelopeOf(kept!);
    const tampered = genuine.replace(/([0-9a-f])@/, (_m, c: string) => `${c === '0' ? '1' : '0'}@`);
    expect(await deliver(tampered, inboundFixture('rfc3464-user-unknown.eml', { bounce: tampered, recipient: kept }))).toMatch(/^250 /);
    const k = await statusOf(kept!);
    expect(k.status).toBe('accepted');
    expect(await eventsOf(k.id)).toHaveLength(0);
    expect(await s.t.ctx.db.kysely.selectFrom('suppressions').select('email_key').where('email_key', '=', kept!).execute()).toHaveLength(0);
    const review = await s.t.ctx.db.kysely.selectFrom('inbound_messages').selectAll().where('recipient', '=', tampered).execute();
    expect(review).toMatchObject([{ verdict: 'unknown_token', kind: 'bounce', delivery_id: null }]);
    expect(review[0]!.raw).toContain('Status: 5.1.1');
  });

  it('keeps mail to a bounce address that is no report, and refuses other addresses at RCPT', async () => {
    const address = envelopeOf(kept!);
    await deliver(address, inboundFixture('vacation-notice.eml', { bounce: address, recipient: kept }));
    expect(await s.t.ctx.db.kysely.selectFrom('inbound_messages').select('verdict').where('recipient', '=', address).execute()).toEqual([{ verdict: 'not_a_report' }]);
    expect((await statusOf(kept!)).status).toBe('accepted');
    await expect(deliver('newsroom@press.example.org', inboundFixture('vacation-notice.eml'))).rejects.toThrow(/550/);
  });

  it('skips both addresses on the next distribution to the same list', async () => {
    const second = await send(s.t, s.releaseId, ['desk'], 'after-bounces');
    const done = await waitForDistribution(s.t, second);
    const mailed = (await deliveries(s.t, second)).filter((d) => d.status === 'accepted').map((d) => d.address);
    expect(mailed).toEqual([kept]);
    expect((await report(s.t, second)).counts.accepted).toBe(1);
    expect(done.done).toBe(true);
    const counts = s.sink.countByRecipient();
    expect([counts.get(bounced!), counts.get(complained!), counts.get(kept!)]).toEqual([1, 1, 2]);
  });
});
