/**
 * Replies through the inbound endpoint (REPLY_DOMAIN): each copy's Reply-To is its own
 * address; a journalist's reply is stored on the delivery, counted once, and forwarded to the
 * release's media contact with the journalist's address as Reply-To.
 */
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { deliverInbound, inboundFixture } from '../helpers/inbound-mail.js';
import { deliveries, seedList, send } from '../helpers/scenario.js';
import { appWithSink } from '../helpers/suite.js';
import { waitForDistribution } from '../helpers/test-app.js';

const journalist = 'lena.fischer@wire-service.example.com';
const mediaContact = 'press@harborlegalaid.example.org';

describe.each(testDatabaseKinds())('replies by mail (%s)', (database) => {
  const s = appWithSink({ database, release: true, inbound: true, env: { REPLY_DOMAIN: 'replies.press.example.org' } });
  let replyTo = '';
  let deliveryId = '';

  it('gives each copy a reply address of its own on REPLY_DOMAIN', async () => {
    await seedList(s.t, 'wire', [journalist]);
    const id = await send(s.t, s.releaseId, ['wire']);
    await waitForDistribution(s.t, id);
    const message = await simpleParser(s.sink.received[0]!.raw);
    replyTo = message.replyTo!.value[0]!.address!;
    expect(replyTo).toMatch(/^replies\+dlv_[0-9a-z]{25}\.[0-9a-f]{24}@replies\.press\.example\.org$/);
    deliveryId = (await deliveries(s.t, id))[0]!.id;
    expect(replyTo).toContain(deliveryId);
  });

  it('stores a reply on its delivery and forwards it to the media contact, Reply-To the journalist', async () => {
    const reply = inboundFixture('reply.eml', { reply: replyTo });
    expect(await deliverInbound(s.t.inboundPort!, { from: journalist, to: [replyTo] }, reply)).toMatch(/^250 /);
    await s.sink.waitFor(() => s.sink.received.some((r) => r.rcptTo[0] === mediaContact));
    const forward = await simpleParser(s.sink.received.find((r) => r.rcptTo[0] === mediaContact)!.raw);
    expect(forward.from!.value[0]).toEqual({ name: 'Lena Fischer via Harbor Legal Aid', address: 'newsroom@press.example.org' });
    expect(forward.replyTo!.value[0]).toEqual({ name: 'Lena Fischer', address: journalist });
    expect(forward.subject).toBe('Re: Harbor Legal Aid report on detention and counsel');
    expect(forward.text).toContain('Could Rosa Delgado take a call this afternoon about the 97-day figure?');
    expect(forward.html).toContain('<b>97-day</b>');
    expect(forward.html).not.toContain('<script');

    const events = await s.t.ctx.db.kysely.selectFrom('delivery_events').selectAll().where('delivery_id', '=', deliveryId).execute();
    expect(events).toMatchObject([{ type: 'reply', source: 'smtp', detail: 'Re: Harbor Legal Aid report on detention and counsel' }]);
    expect(events[0]!.evidence).toContain('Message-ID: <CAF=lena.20260310082000@wire-service.example.com>');
    // A reply is an event on the copy, not a change of its status.
    expect((await s.t.ctx.db.kysely.selectFrom('deliveries').select('status').where('id', '=', deliveryId).executeTakeFirstOrThrow()).status).toBe('accepted');
  });

  it('counts and forwards a reply delivered twice once', async () => {
    await deliverInbound(s.t.inboundPort!, { from: journalist, to: [replyTo] }, inboundFixture('reply.eml', { reply: replyTo }));
    expect(await s.t.ctx.db.kysely.selectFrom('delivery_events').select('id').where('delivery_id', '=', deliveryId).where('type', '=', 'reply').execute()).toHaveLength(1);
    expect(s.sink.countByRecipient().get(mediaContact)).toBe(1);
  });

  it('keeps a reply to a forged address for review, forwarding nothing', async () => {
    const forged = replyTo.replace(/\.[0-9a-f]{24}@/, `.${'ab'.repeat(12)}@`);
    await deliverInbound(s.t.inboundPort!, { from: journalist, to: [forged] }, inboundFixture('reply.eml', { reply: forged }));
    expect(await s.t.ctx.db.kysely.selectFrom('inbound_messages').select(['kind', 'verdict']).where('recipient', '=', forged).execute()).toEqual([{ kind: 'reply', verdict: 'unknown_token' }]);
    expect(s.sink.countByRecipient().get(mediaContact)).toBe(1);
  });
});
