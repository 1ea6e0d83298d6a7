/**
 * Each provider's event format read into our terms: which events count, their kind, status
 * code, recipient, Message-ID and identity; malformed bodies refused naming the field.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { mailgunFeedback } from '../../../src/providers/mailgun.js';
import { postmarkFeedback } from '../../../src/providers/postmark.js';
import { sendgridFeedback } from '../../../src/providers/sendgrid.js';
import { sesFeedback } from '../../../src/providers/ses-notification.js';

const now = Date.parse('2026-05-04T10:00:00Z');
const body = (value: unknown) => Buffer.from(JSON.stringify(value));
const mid = '<dlv_0123456789abcdefghjkmnpqr.1@press.example.org>';

const refusal = (read: () => unknown): AppError => {
  try {
    read();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
};

describe('SES notifications', () => {
  const mail = { source: 'bounces+dlv_0123456789abcdefghjkmnpqr.0a1b2c3d4e5f60718293a4b5@press.example.org', commonHeaders: { messageId: mid } };

  it('reads each bounced recipient with its status, diagnostic and kind; the key is the SNS id and the recipient', () => {
    const message = { notificationType: 'Bounce', mail, bounce: { bounceType: 'Permanent', bounceSubType: 'General', timestamp: '2026-05-04T09:59:00.000Z', bouncedRecipients: [{ emailAddress: 'Ed@News.example.com', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }, { emailAddress: 'full@news.example.com', status: '5.2.2', diagnosticCode: 'smtp; 552 5.2.2 mailbox full' }] } };
    const events = sesFeedback('sns-1', JSON.stringify(message), now);
    expect(events).toEqual([
      { eventKey: 'sns-1:ed@news.example.com', recipient: 'Ed@News.example.com', messageId: mid, envelopeSender: mail.source, type: 'bounce', bounceKind: 'hard', statusCode: '5.1.1', detail: 'Permanent/General: smtp; 550 5.1.1 user unknown', occurredAt: Date.parse('2026-05-04T09:59:00Z') },
      expect.objectContaining({ eventKey: 'sns-1:full@news.example.com', bounceKind: 'soft', statusCode: '5.2.2' }),
    ]);
  });

  it('takes a Permanent bounce without a status code as hard, an Undetermined one by its words', () => {
    const bounce = (bounceType: string, diagnosticCode?: string) => sesFeedback('sns-2', JSON.stringify({ eventType: 'Bounce', mail, bounce: { bounceType, bouncedRecipients: [{ emailAddress: 'a@news.example.com', diagnosticCode }] } }), now)[0];
    expect(bounce('Permanent')).toMatchObject({ bounceKind: 'hard', statusCode: 'Permanent', occurredAt: now });
    expect(bounce('Undetermined', 'out of office')).toMatchObject({ bounceKind: 'soft' });
    expect(bounce('Transient', 'mailbox does not exist')).toMatchObject({ bounceKind: 'hard' });
  });

  it('reads complaints and delays; a Delivery is not an event we store', () => {
    const complaint = sesFeedback('sns-3', JSON.stringify({ notificationType: 'Complaint', mail, complaint: { complainedRecipients: [{ emailAddress: 'c@news.example.com' }], complaintFeedbackType: 'abuse' } }), now);
    expect(complaint).toEqual([expect.objectContaining({ type: 'complaint', detail: 'abuse', recipient: 'c@news.example.com' })]);
    const delay = sesFeedback('sns-4', JSON.stringify({ eventType: 'DeliveryDelay', mail, deliveryDelay: { delayType: 'MailboxFull', delayedRecipients: [{ emailAddress: 'd@news.example.com', status: '4.2.2' }] } }), now);
    expect(delay).toEqual([expect.objectContaining({ type: 'delay', statusCode: '4.2.2', detail: 'MailboxFull' })]);
    expect(sesFeedback('sns-5', JSON.stringify({ notificationType: 'Delivery', mail, delivery: { recipients: ['e@news.example.com'] } }), now)).toEqual([]);
  });

  it('finds our Message-ID in the header list when common headers lack it', () => {
    const message = { notificationType: 'Complaint', mail: { headers: [{ name: 'Message-Id', value: mid }] }, complaint: { complainedRecipients: [{ emailAddress: 'c@news.example.com' }] } };
    expect(sesFeedback('sns-6', JSON.stringify(message), now)[0]?.messageId).toBe(mid);
  });

  it('refuses a Message that is not JSON or not an SES event', () => {
    expect(refusal(() => sesFeedback('x', 'hello', now)).issues).toEqual([{ field: 'body.Message', message: 'is not JSON' }]);
    expect(refusal(() => sesFeedback('x', JSON.stringify({ notificationType: 'Bounce' }), now)).issues[0]?.field).toBe('body.Message.mail');
  });
});

describe('Postmark records', () => {
  const record = (fields: Record<string, unknown>) => postmarkFeedback(body({ RecordType: 'Bounce', ID: 42, Email: 'ed@news.example.com', Headers: [{ Name: 'Message-ID', Value: mid }], ...fields }), now);

  it('reads a hard bounce with the status code in its details', () => {
    expect(record({ Type: 'HardBounce', Details: 'smtp;550 5.1.1 The email account does not exist', Description: 'Unknown user', BouncedAt: '2026-05-04T09:00:00Z' })).toEqual([
      { eventKey: '42', recipient: 'ed@news.example.com', messageId: mid, occurredAt: Date.parse('2026-05-04T09:00:00Z'), type: 'bounce', bounceKind: 'hard', statusCode: '5.1.1', detail: 'Unknown user — smtp;550 5.1.1 The email account does not exist' },
    ]);
  });

  it('reads bounce types: soft, transient as a delay, spam complaint; auto-replies are not about the address', () => {
    expect(record({ Type: 'SoftBounce', Details: 'mailbox full' })[0]).toMatchObject({ type: 'bounce', bounceKind: 'soft', statusCode: 'SoftBounce' });
    expect(record({ Type: 'BadEmailAddress' })[0]).toMatchObject({ bounceKind: 'hard' });
    expect(record({ Type: 'Transient' })[0]).toMatchObject({ type: 'delay' });
    expect(record({ Type: 'SpamComplaint' })[0]).toMatchObject({ type: 'complaint' });
    expect(record({ RecordType: 'SpamComplaint' })[0]).toMatchObject({ type: 'complaint' });
    expect(record({ Type: 'AutoResponder' })).toEqual([]);
    expect(record({ RecordType: 'Delivery' })).toEqual([]);
  });

  it('finds our Message-ID in the quoted original when no headers are passed on', () => {
    const events = postmarkFeedback(body({ RecordType: 'Bounce', ID: 7, Type: 'HardBounce', Email: 'ed@news.example.com', Content: `Return-Path: <>\r\n\r\n--b\r\nMessage-ID: ${mid}\r\nSubject: News\r\n` }), now);
    expect(events[0]?.messageId).toBe(mid);
  });

  it('refuses a record without a RecordType', () => {
    expect(refusal(() => postmarkFeedback(body({ ID: 1 }), now)).issues[0]?.field).toBe('body.RecordType');
    expect(refusal(() => postmarkFeedback(Buffer.from('{'), now)).issues).toEqual([{ field: 'body', message: 'is not JSON' }]);
  });
});

describe('Mailgun events', () => {
  const event = (data: Record<string, unknown>) => mailgunFeedback(body({ signature: {}, 'event-data': { id: 'mg-1', recipient: 'ed@news.example.com', timestamp: 1777888800.5, message: { headers: { 'message-id': mid.slice(1, -1) } }, ...data } }), now);

  it('reads a permanent failure with its enhanced code, and a temporary one as a delay', () => {
    expect(event({ event: 'failed', severity: 'permanent', 'delivery-status': { code: 550, message: '5.1.1 The email account that you tried to reach does not exist' } })).toEqual([
      { eventKey: 'mg-1', recipient: 'ed@news.example.com', messageId: mid.slice(1, -1), occurredAt: 1777888800500, type: 'bounce', bounceKind: 'hard', statusCode: '5.1.1', detail: '550 5.1.1 The email account that you tried to reach does not exist' },
    ]);
    expect(event({ event: 'failed', severity: 'temporary', 'delivery-status': { code: 452, 'enhanced-code': '4.2.2', message: 'over quota' } })[0]).toMatchObject({ type: 'delay', statusCode: '4.2.2' });
    expect(event({ event: 'failed', severity: 'permanent', reason: 'suppress-bounce' })[0]).toMatchObject({ bounceKind: 'hard', statusCode: undefined });
  });

  it('reads a complaint; deliveries and opens are not ours to store', () => {
    expect(event({ event: 'complained' })[0]).toMatchObject({ type: 'complaint', eventKey: 'mg-1' });
    expect(event({ event: 'delivered' })).toEqual([]);
    expect(event({ event: 'opened' })).toEqual([]);
  });
});

describe('SendGrid batches', () => {
  const batch = (...events: Record<string, unknown>[]) => sendgridFeedback(body(events.map((e, i) => ({ sg_event_id: `sg-${i}`, email: 'ed@news.example.com', 'smtp-id': mid, timestamp: 1777888800, ...e }))), now);

  it('reads every event of a batch it tracks, each with its own id', () => {
    const events = batch(
      { event: 'bounce', type: 'bounce', status: '5.1.1', reason: '550 5.1.1 user unknown' },
      { event: 'bounce', type: 'blocked', status: '5.7.1', reason: 'blocked by policy' },
      { event: 'deferred', response: '451 4.7.1 try again later' },
      { event: 'spamreport' },
      { event: 'delivered' },
      { event: 'dropped', reason: 'Bounced Address' },
      { event: 'dropped', reason: 'Unsubscribed Address' },
    );
    expect(events.map((e) => [e.eventKey, e.type, e.bounceKind, e.statusCode])).toEqual([
      ['sg-0', 'bounce', 'hard', '5.1.1'],
      ['sg-1', 'bounce', 'soft', '5.7.1'],
      ['sg-2', 'delay', undefined, '4.7.1'],
      ['sg-3', 'complaint', undefined, undefined],
      ['sg-5', 'bounce', 'hard', 'dropped'],
      ['sg-6', 'bounce', 'soft', 'dropped'],
    ]);
    expect(events[0]).toMatchObject({ recipient: 'ed@news.example.com', messageId: mid, occurredAt: 1777888800000 });
  });

  it('refuses a body that is not a list of events', () => {
    expect(refusal(() => sendgridFeedback(body({ event: 'bounce' }), now)).issues[0]?.field).toBe('body');
    expect(refusal(() => sendgridFeedback(body([{ email: 'x@news.example.com' }]), now)).issues[0]?.field).toBe('body.0.event');
  });
});
