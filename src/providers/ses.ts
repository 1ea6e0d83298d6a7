/**
 * Amazon SES through SNS. Every message is checked before anything else: its signature and
 * certificate (sns-signature.ts), then its topic against SES_SNS_TOPIC_ARNS. A
 * SubscriptionConfirmation is confirmed by fetching its SubscribeURL — only once signed,
 * only for an allowed topic, only on an SNS host; a Notification carries SES events.
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import { parseBody } from './feedback.js';
import type { Authenticity, Provider } from './provider.js';
import { sesFeedback } from './ses-notification.js';
import { snsFetch, snsUrl } from './sns-hosts.js';
import { SnsSignatures, type SnsMessage } from './sns-signature.js';

export interface SesSettings {
  topicArns: string[] | 'any';
  testHosts: string[];
}

const SnsBody = z
  .object({
    Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']),
    MessageId: z.string().min(1),
    TopicArn: z.string().min(1),
    Message: z.string(),
    Timestamp: z.string().min(1),
    SignatureVersion: z.enum(['1', '2']),
    Signature: z.string().min(1),
    SigningCertURL: z.string().min(1),
    Subject: z.string().nullable().optional(),
    SubscribeURL: z.string().optional(),
    Token: z.string().optional(),
  })
  .passthrough();

const readSns = (rawBody: Buffer) => parseBody(rawBody, SnsBody, 'SNS');

export function sesProvider(settings: SesSettings, clock: { now(): number }): Provider {
  const signatures = new SnsSignatures({ testHosts: settings.testHosts }, clock);
  const fetchSns = snsFetch();
  const topicAllowed = (arn: string) => settings.topicArns === 'any' || settings.topicArns.includes(arn);

  return {
    id: 'ses',
    async authenticate(request): Promise<Authenticity> {
      const message = readSns(request.rawBody);
      const refused = await signatures.refusal(message as SnsMessage);
      if (refused) return { ok: false, status: 401, reason: `The SNS signature does not verify: ${refused}` };
      if (!topicAllowed(message.TopicArn)) return { ok: false, status: 403, reason: `SNS topic ${message.TopicArn} is not one of SES_SNS_TOPIC_ARNS` };
      return { ok: true };
    },
    async handshake(rawBody) {
      const message = readSns(rawBody);
      if (message.Type === 'UnsubscribeConfirmation') return 'unsubscription noted';
      if (message.Type !== 'SubscriptionConfirmation') return undefined;
      const target = snsUrl(message.SubscribeURL, { testHosts: settings.testHosts }, 'subscription');
      if ('refused' in target) return `subscription not confirmed: ${target.refused}`;
      // Unconfirmed, SNS sends the confirmation again later: a 503 asks for just that.
      const response = await fetchSns(target).catch((err: Error) => {
        throw new AppError('UNAVAILABLE', `The SNS subscription could not be confirmed: ${err.message}`);
      });
      await response.body?.cancel();
      if (response.status !== 200) throw new AppError('UNAVAILABLE', `The SNS subscription could not be confirmed: SNS answered ${response.status}`);
      return `subscription to ${message.TopicArn} confirmed`;
    },
    events(rawBody) {
      const message = readSns(rawBody);
      return message.Type === 'Notification' ? sesFeedback(message.MessageId, message.Message, clock.now()) : [];
    },
  };
}
