/**
 * Provider webhooks end to end: a release goes out over real SMTP, then Amazon SES (through
 * SNS, its certificate served by a real local HTTP server), Postmark, Mailgun and SendGrid
 * report bounces and complaints, signed for real. A valid event moves the delivery and
 * suppresses the address with the webhook body as evidence; a bad signature changes
 * nothing; the same event twice is applied once.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { mailgunCall, postmarkCall, sendgridCall, sendgridKeys, sesEvent, SnsStandIn, type WebhookCall } from '../helpers/provider-signers.js';
import { deliveries, journalists, seedList, seedRelease, send } from '../helpers/scenario.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { startTestApp, waitForDistribution, type TestApp } from '../helpers/test-app.js';
import type { DeliveryLine } from '../../src/tracking/report.js';

const topic = 'arn:aws:sns:us-east-1:123456789012:presswire-feedback';
const postmark = { user: 'postmark-hooks', password: randomBytes(12).toString('hex') };
const postmarkSecret = randomBytes(16).toString('hex');
const mailgunKey = randomBytes(16).toString('hex');
const sendgrid = sendgridKeys();

describe.each(testDatabaseKinds())('provider webhooks (%s)', (database) => {
  const sink = new SmtpSink();
  const sns = new SnsStandIn();
  let t: TestApp;
  let sent: DeliveryLine[];
  const logLines: string[] = [];
  const to = (i: number) => sent.find((d) => d.address === journalists(12)[i])!;

  beforeAll(async () => {
    await Promise.all([sink.start(), sns.start()]);
    t = await startTestApp({
      database,
      smtpPort: sink.port,
      log: (line) => logLines.push(line),
      env: {
        SES_SNS_TOPIC_ARNS: topic,
        SES_SNS_TEST_HOSTS: sns.host,
        POSTMARK_WEBHOOK_USER: postmark.user,
        POSTMARK_WEBHOOK_PASSWORD: postmark.password,
        POSTMARK_WEBHOOK_SECRET: postmarkSecret,
        MAILGUN_WEBHOOK_SIGNING_KEY: mailgunKey,
        SENDGRID_WEBHOOK_PUBLIC_KEY: sendgrid.publicKeyBase64,
      },
    });
    await seedList(t, 'desk', journalists(12));
    const id = await send(t, await seedRelease(t), ['desk']);
    await waitForDistribution(t, id);
    sent = await deliveries(t, id);
    expect(sent.every((d) => d.status === 'accepted')).toBe(true);
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([sink.close(), sns.close()]);
  });

  const post = async (call: WebhookCall) => {
    const res = await t.app.inject({ method: 'POST', url: call.url, headers: call.headers, payload: call.payload });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
  };
  const stateOf = async (delivery: DeliveryLine) => {
    const db = t.ctx.db.kysely;
    const row = await db.selectFrom('deliveries').select(['status', 'reason']).where('id', '=', delivery.id).executeTakeFirstOrThrow();
    const events = await db.selectFrom('delivery_events').selectAll().where('delivery_id', '=', delivery.id).execute();
    const suppression = await db.selectFrom('suppressions').selectAll().where('email_key', '=', delivery.address).executeTakeFirst();
    return { status: row.status, reason: row.reason, events, suppression };
  };
  /** A call refused: the answer and nothing changed on the untouched delivery. */
  const expectRefused = async (call: WebhookCall, status: number) => {
    const untouched = to(9);
    const res = await post(call);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ code: status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN' });
    const state = await stateOf(untouched);
    expect(state).toMatchObject({ status: 'accepted', events: [], suppression: undefined });
  };
  /** Delivered twice, applied once: one event row, with the body as its evidence. */
  const expectAppliedOnce = async (call: WebhookCall, delivery: DeliveryLine, status: 'bounced' | 'complained', source: string) => {
    const first = await post(call);
    expect(first).toMatchObject({ status: 200, body: { applied: 1, replays: 0 } });
    const again = await post(call);
    expect(again).toMatchObject({ status: 200, body: { applied: 0, replays: 1 } });
    const state = await stateOf(delivery);
    expect(state.status).toBe(status);
    expect(state.events).toHaveLength(1);
    expect(state.events[0]).toMatchObject({ source, type: status === 'bounced' ? 'bounce' : 'complaint', evidence: call.payload });
    expect(state.suppression).toMatchObject({ reason: status, delivery_id: delivery.id });
    return state;
  };

  describe('Amazon SES through SNS', () => {
    const notification = (message: string, extra: { MessageId?: string; SigningCertURL?: string; TopicArn?: string } = {}) => sns.call(sns.message('Notification', { TopicArn: extra.TopicArn ?? topic, Message: message, ...extra }));

    it('applies a signed permanent bounce once: bounced, suppressed, the SNS body as evidence', async () => {
      const d = to(0);
      const state = await expectAppliedOnce(notification(sesEvent('Bounce', d.address, d.messageId, { type: 'Permanent', status: '5.1.1', diagnostic: 'smtp; 550 5.1.1 user unknown' })), d, 'bounced', 'ses');
      expect(state.events[0]).toMatchObject({ bounce_kind: 'hard', status_code: '5.1.1' });
    });

    it('applies a signed complaint: complained and suppressed', async () => {
      const d = to(1);
      await expectAppliedOnce(notification(sesEvent('Complaint', d.address, d.messageId)), d, 'complained', 'ses');
    });

    it('ties an event to its delivery by the VERP envelope sender, and ignores a tampered token', async () => {
      const d = to(8);
      const token = t.ctx.tokens.sign('bounce', d.id);
      const tampered = token.slice(0, -1) + (token.endsWith('0') ? '1' : '0');
      const forged = await post(notification(sesEvent('Bounce', d.address, undefined, { type: 'Permanent' }, `bounces+${tampered}@press.example.org`)));
      expect(forged).toMatchObject({ status: 200, body: { applied: 0, unknownDeliveries: 1 } });
      expect((await stateOf(d)).status).toBe('accepted');
      const transient = await post(notification(sesEvent('Bounce', d.address, undefined, { type: 'Transient', status: '5.2.2', diagnostic: 'smtp; 552 5.2.2 mailbox full' }, `bounces+${token}@press.example.org`)));
      expect(transient).toMatchObject({ status: 200, body: { applied: 1 } });
      const state = await stateOf(d);
      expect(state).toMatchObject({ status: 'bounced', suppression: undefined }); // one soft bounce of three
      expect(state.events[0]).toMatchObject({ bounce_kind: 'soft', status_code: '5.2.2' });
    });

    it('refuses a message whose signature does not verify, and one whose certificate is not on an SNS host', async () => {
      const d = to(9);
      const forged = sns.message('Notification', { TopicArn: topic, Message: sesEvent('Bounce', d.address, d.messageId) });
      await expectRefused(sns.call({ ...forged, Message: sesEvent('Complaint', d.address, d.messageId) }), 401);
      await expectRefused(notification(sesEvent('Bounce', d.address, d.messageId), { SigningCertURL: 'https://certs.example.net/SimpleNotificationService-test.pem' }), 401);
    });

    it('refuses a signed message from a topic not configured', async () => {
      const d = to(9);
      await expectRefused(notification(sesEvent('Bounce', d.address, d.messageId), { TopicArn: 'arn:aws:sns:us-east-1:210987654321:someone-else' }), 403);
    });

    it('confirms a signed subscription by fetching its SubscribeURL, and never a URL off SNS', async () => {
      const before = sns.confirmations.length;
      const res = await post(sns.call(sns.message('SubscriptionConfirmation', { TopicArn: topic, Message: 'You have chosen to subscribe' })));
      expect(res).toMatchObject({ status: 200, body: { note: `subscription to ${topic} confirmed` } });
      expect(sns.confirmations).toHaveLength(before + 1);
      const elsewhere = await post(sns.call(sns.message('SubscriptionConfirmation', { TopicArn: topic, Message: 'x', SubscribeURL: 'http://169.254.169.254/latest/meta-data/' })));
      expect(elsewhere.status).toBe(200);
      expect(String(elsewhere.body.note)).toMatch(/not confirmed/);
      expect(sns.confirmations).toHaveLength(before + 1);
    });
  });

  describe('Postmark', () => {
    const bounce = (d: DeliveryLine) => ({ RecordType: 'Bounce', ID: Math.floor(Math.random() * 1e12), Type: 'HardBounce', TypeCode: 1, Email: d.address, BouncedAt: new Date().toISOString(), Details: 'smtp;550 5.1.1 The email account that you tried to reach does not exist', Description: 'The server was unable to deliver your message', MessageID: randomUUID(), Headers: [{ Name: 'Message-ID', Value: d.messageId }] });

    it('applies a hard bounce once, authenticated by basic auth in the webhook URL', async () => {
      const d = to(2);
      const state = await expectAppliedOnce(postmarkCall(bounce(d), postmark), d, 'bounced', 'postmark');
      expect(state.events[0]).toMatchObject({ bounce_kind: 'hard' });
    });

    it('applies a spam complaint once, authenticated by the secret path segment', async () => {
      const d = to(3);
      const complaint = { RecordType: 'SpamComplaint', ID: Math.floor(Math.random() * 1e12), Type: 'SpamComplaint', Email: d.address, BouncedAt: new Date().toISOString(), Headers: [{ Name: 'Message-ID', Value: d.messageId }] };
      await expectAppliedOnce(postmarkCall(complaint, { secret: postmarkSecret }), d, 'complained', 'postmark');
    });

    it('refuses a wrong password, a wrong secret segment and a call without credentials', async () => {
      const d = to(9);
      await expectRefused(postmarkCall(bounce(d), { ...postmark, password: 'not-the-password' }), 403);
      await expectRefused(postmarkCall(bounce(d), { secret: randomBytes(16).toString('hex') }), 403);
      await expectRefused({ ...postmarkCall(bounce(d), postmark), headers: { 'content-type': 'application/json' } }, 401);
    });
  });

  describe('Mailgun', () => {
    const failed = (d: DeliveryLine, severity = 'permanent') => ({ id: randomBytes(11).toString('base64url'), event: 'failed', severity, recipient: d.address, timestamp: Date.now() / 1000, message: { headers: { 'message-id': d.messageId.replace(/^<|>$/g, '') } }, 'delivery-status': { code: 550, message: '5.1.1 The email account that you tried to reach does not exist', description: '' } });

    it('applies a permanent failure once', async () => {
      const d = to(4);
      const state = await expectAppliedOnce(mailgunCall(mailgunKey, failed(d)), d, 'bounced', 'mailgun');
      expect(state.events[0]).toMatchObject({ bounce_kind: 'hard', status_code: '5.1.1' });
    });

    it('applies a complaint once', async () => {
      const d = to(5);
      const complained = { id: randomBytes(11).toString('base64url'), event: 'complained', recipient: d.address, timestamp: Date.now() / 1000, message: { headers: { 'message-id': d.messageId } } };
      await expectAppliedOnce(mailgunCall(mailgunKey, complained), d, 'complained', 'mailgun');
    });

    it('refuses a wrong signature, a stale timestamp and a token reused for another body', async () => {
      const d = to(9);
      await expectRefused(mailgunCall('another-signing-key', failed(d)), 401);
      await expectRefused(mailgunCall(mailgunKey, failed(d), { timestamp: Math.floor(Date.now() / 1000) - 301 }), 401);
      const token = randomBytes(25).toString('hex');
      const temporary = await post(mailgunCall(mailgunKey, { ...failed(to(8), 'temporary'), recipient: 'nobody@elsewhere.example.net' }, { token }));
      expect(temporary).toMatchObject({ status: 200, body: { unknownDeliveries: 1 } });
      await expectRefused(mailgunCall(mailgunKey, failed(d), { token }), 401);
    });
  });

  describe('SendGrid', () => {
    const bounce = (d: DeliveryLine) => ({ email: d.address, timestamp: Math.floor(Date.now() / 1000), 'smtp-id': d.messageId, event: 'bounce', type: 'bounce', status: '5.1.1', reason: '550 5.1.1 The email account that you tried to reach does not exist', sg_event_id: randomBytes(16).toString('base64url'), sg_message_id: 'filter0001.1234.5678' });

    it('applies a bounce once from a signed batch', async () => {
      const d = to(6);
      const state = await expectAppliedOnce(sendgridCall(sendgrid.privateKey, [bounce(d)]), d, 'bounced', 'sendgrid');
      expect(state.events[0]).toMatchObject({ bounce_kind: 'hard', status_code: '5.1.1' });
    });

    it('applies a spam report once', async () => {
      const d = to(7);
      await expectAppliedOnce(sendgridCall(sendgrid.privateKey, [{ email: d.address, timestamp: Math.floor(Date.now() / 1000), 'smtp-id': d.messageId, event: 'spamreport', sg_event_id: randomBytes(16).toString('base64url') }]), d, 'complained', 'sendgrid');
    });

    it('refuses a body changed after signing and a signature from another key', async () => {
      const d = to(9);
      const signed = sendgridCall(sendgrid.privateKey, [bounce(to(8))]);
      await expectRefused({ ...signed, payload: JSON.stringify([bounce(d)]) }, 401);
      await expectRefused(sendgridCall(sendgridKeys().privateKey, [bounce(d)]), 401);
    });
  });

  it('never logs the credentials a call carries', async () => {
    const wrongSecret = randomBytes(16).toString('hex');
    await post(postmarkCall({ RecordType: 'Delivery', ID: 1, Email: 'a@news.example.com' }, { secret: wrongSecret }));
    const delivered = await post(postmarkCall({ RecordType: 'Delivery', ID: 2, Email: 'a@news.example.com' }, { secret: postmarkSecret }));
    expect(delivered).toMatchObject({ status: 200, body: { events: 0, applied: 0 } });
    expect(String(delivered.body.note)).toMatch(/no bounce, delay or complaint/);
    await post(postmarkCall({ RecordType: 'Delivery', ID: 3, Email: 'a@news.example.com' }, postmark));
    const logged = logLines.join('\n');
    expect(logged).toContain('/webhooks/postmark/:token');
    for (const secret of [wrongSecret, postmarkSecret, postmark.password, mailgunKey, Buffer.from(`${postmark.user}:${postmark.password}`).toString('base64')]) expect(logged).not.toContain(secret);
  });

  it('answers 200 with a note for an event about a message that is not ours, and 400 for a body it cannot read', async () => {
    const stranger = await post(sendgridCall(sendgrid.privateKey, [{ email: 'someone@elsewhere.example.net', 'smtp-id': '<not-ours@elsewhere.example.net>', event: 'bounce', type: 'bounce', status: '5.1.1', sg_event_id: randomUUID() }]));
    expect(stranger).toMatchObject({ status: 200, body: { applied: 0, unknownDeliveries: 1 } });
    expect(String(stranger.body.note)).toMatch(/no delivery of ours/);
    const unreadable = await post({ ...sendgridCall(sendgrid.privateKey, []), payload: '{not json' });
    expect(unreadable.status).toBe(401); // the signature is checked first, over the bytes
    const signedGarbage = await post(postmarkCall({}, postmark));
    expect(signedGarbage.status).toBe(400);
  });

  it('does not tie an event to a delivery when the recipient is not the one the message went to', async () => {
    const [d, other] = [to(10), to(11)];
    const res = await post(sendgridCall(sendgrid.privateKey, [{ email: other.address, 'smtp-id': d.messageId, event: 'bounce', type: 'bounce', status: '5.1.1', sg_event_id: randomUUID() }]));
    expect(res).toMatchObject({ status: 200, body: { unknownDeliveries: 1 } });
    expect((await stateOf(d)).status).toBe('accepted');
    expect((await stateOf(other)).status).toBe('accepted');
  });
});

describe('a provider not configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database: 'sqlite', workers: false, env: { RATE_LIMIT_WEBHOOKS: '5' } });
  });
  afterAll(async () => t?.close());

  it.each(['/webhooks/ses', '/webhooks/postmark', '/webhooks/mailgun', '/webhooks/sendgrid'])('has no route: POST %s answers 404', async (url) => {
    const res = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('limits calls per client address like the other public routes', async () => {
    const call = (remoteAddress: string) => t.app.inject({ method: 'POST', url: '/webhooks/sendgrid', remoteAddress, headers: { 'content-type': 'application/json' }, payload: '[]' });
    for (let i = 0; i < 5; i++) expect((await call('198.51.100.20')).statusCode).toBe(404);
    const limited = await call('198.51.100.20');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await call('198.51.100.21')).statusCode).toBe(404);
  });
});
