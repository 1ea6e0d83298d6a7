/**
 * Webhook calls as each provider makes them, signed for real: an SNS message signed with
 * an RSA key whose self-signed certificate a local HTTP server hands out, a SendGrid batch
 * signed with an EC P-256 key, a Mailgun event with its HMAC, a Postmark record with basic
 * auth. Bodies follow the providers' documented shapes.
 */
import { createHmac, createSign, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFixture } from './fixtures.js';

export interface WebhookCall {
  url: string;
  headers: Record<string, string>;
  payload: string;
}

/** A stand-in for sns.<region>.amazonaws.com: serves the signing certificate and counts subscription confirmations. */
export class SnsStandIn {
  certificate = readFixture('providers/sns-signing-cert.pem');
  private key = readFixture('providers/sns-signing-key.pem');
  /** What the certificate URL answers: 200 with the certificate, or this status with an error page. */
  certificateStatus = 200;
  readonly confirmations: string[] = [];
  certificateRequests = 0;
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      if (request.url?.endsWith('.pem')) {
        this.certificateRequests++;
        if (this.certificateStatus === 200) response.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(this.certificate);
        else response.writeHead(this.certificateStatus, { 'content-type': 'text/xml' }).end('<Error><Code>AccessDenied</Code></Error>');
      } else if (request.url?.startsWith('/confirm')) {
        this.confirmations.push(request.url);
        response.writeHead(200, { 'content-type': 'text/xml' }).end('<ConfirmSubscriptionResponse/>');
      } else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  /** SNS's certificate rotation: messages are signed with the new key, the URL serves the new certificate. */
  rotate(): void {
    this.certificate = readFixture('providers/sns-rotated-cert.pem');
    this.key = readFixture('providers/sns-rotated-key.pem');
  }

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** An SNS message of `type`, signed (SignatureVersion 2) over the fields SNS signs. */
  message(type: 'Notification' | 'SubscriptionConfirmation', fields: { TopicArn: string; Message: string; SubscribeURL?: string; MessageId?: string; SigningCertURL?: string }): Record<string, string> {
    const base: Record<string, string> = {
      Type: type,
      MessageId: fields.MessageId ?? randomUUID(),
      TopicArn: fields.TopicArn,
      Message: fields.Message,
      Timestamp: new Date().toISOString(),
      SignatureVersion: '2',
      SigningCertURL: fields.SigningCertURL ?? `http://${this.host}/SimpleNotificationService-test.pem`,
      ...(type === 'SubscriptionConfirmation' ? { SubscribeURL: fields.SubscribeURL ?? `http://${this.host}/confirm?Token=abc`, Token: 'abc' } : {}),
    };
    const keys = type === 'Notification' ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
    const signer = createSign('RSA-SHA256');
    for (const k of keys) if (k in base) signer.update(`${k}\n${base[k]}\n`);
    return { ...base, Signature: signer.sign(this.key, 'base64') };
  }

  call(message: Record<string, string>): WebhookCall {
    return { url: '/webhooks/ses', headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': message.Type! }, payload: JSON.stringify(message) };
  }
}

/** The SES event inside an SNS notification, for one recipient of one of our messages. */
export function sesEvent(kind: 'Bounce' | 'Complaint', recipient: string, messageId: string | undefined, bounce?: { type: string; status?: string; diagnostic?: string }, source = 'newsroom@press.example.org'): string {
  const mail = { timestamp: new Date().toISOString(), messageId: `0100018c-${randomBytes(8).toString('hex')}`, source, destination: [recipient], commonHeaders: { subject: 'News', ...(messageId ? { messageId } : {}) } };
  if (kind === 'Complaint') return JSON.stringify({ notificationType: 'Complaint', mail, complaint: { complainedRecipients: [{ emailAddress: recipient }], complaintFeedbackType: 'abuse', timestamp: new Date().toISOString(), feedbackId: randomUUID() } });
  const recipientPart = { emailAddress: recipient, action: 'failed', status: bounce?.status, diagnosticCode: bounce?.diagnostic };
  return JSON.stringify({ notificationType: 'Bounce', mail, bounce: { bounceType: bounce?.type ?? 'Permanent', bounceSubType: 'General', bouncedRecipients: [recipientPart], timestamp: new Date().toISOString(), feedbackId: randomUUID() } });
}

export const sendgridKeys = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicKeyBase64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') };
};

export function sendgridCall(privateKey: ReturnType<typeof sendgridKeys>['privateKey'], events: unknown[], timestamp = String(Math.floor(Date.now() / 1000))): WebhookCall {
  const payload = JSON.stringify(events);
  const signature = createSign('sha256').update(timestamp + payload).sign(privateKey, 'base64');
  return {
    url: '/webhooks/sendgrid',
    headers: { 'content-type': 'application/json', 'x-twilio-email-event-webhook-signature': signature, 'x-twilio-email-event-webhook-timestamp': timestamp },
    payload,
  };
}

export function mailgunCall(signingKey: string, eventData: Record<string, unknown>, options: { timestamp?: number; token?: string } = {}): WebhookCall {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const token = options.token ?? randomBytes(25).toString('hex');
  const signature = createHmac('sha256', signingKey).update(timestamp + token).digest('hex');
  return { url: '/webhooks/mailgun', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ signature: { timestamp, token, signature }, 'event-data': eventData }) };
}

export function postmarkCall(record: Record<string, unknown>, auth: { user: string; password: string } | { secret: string }): WebhookCall {
  const payload = JSON.stringify(record);
  if ('secret' in auth) return { url: `/webhooks/postmark/${auth.secret}`, headers: { 'content-type': 'application/json' }, payload };
  const basic = Buffer.from(`${auth.user}:${auth.password}`).toString('base64');
  return { url: '/webhooks/postmark', headers: { 'content-type': 'application/json', authorization: `Basic ${basic}` }, payload };
}
