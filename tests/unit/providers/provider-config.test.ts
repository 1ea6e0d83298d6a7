/** The provider webhook settings: each provider on only when configured, bad values refused by name. */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { AppError } from '../../../src/errors.js';

const fieldsRefused = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof AppError) return err.issues.map((i) => i.field ?? '');
    throw err;
  }
  throw new Error('expected the configuration to be refused');
};

const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const rsaKey = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

describe('provider webhook settings', () => {
  it('configures no provider by default', () => {
    expect(loadConfig({}).providers).toEqual({ perMinute: 6000, ses: undefined, postmark: undefined, mailgun: undefined, sendgrid: undefined });
  });

  it('reads each provider when set', () => {
    const config = loadConfig({
      SES_SNS_TOPIC_ARNS: 'arn:aws:sns:eu-west-1:123456789012:feedback, arn:aws:sns:us-east-1:123456789012:other',
      SES_SNS_TEST_HOSTS: 'Localhost:4566',
      POSTMARK_WEBHOOK_USER: 'postmark',
      POSTMARK_WEBHOOK_PASSWORD: 'a-long-enough-password',
      MAILGUN_WEBHOOK_SIGNING_KEY: 'key-0123456789abcdef',
      SENDGRID_WEBHOOK_PUBLIC_KEY: ecKey,
    });
    expect(config.providers.ses).toEqual({ topicArns: ['arn:aws:sns:eu-west-1:123456789012:feedback', 'arn:aws:sns:us-east-1:123456789012:other'], testHosts: ['localhost:4566'] });
    expect(config.providers.postmark).toEqual({ basic: { user: 'postmark', password: 'a-long-enough-password' }, pathSecret: undefined });
    expect(config.providers.mailgun).toEqual({ signingSecret: 'key-0123456789abcdef' });
    expect(config.providers.sendgrid).toEqual({ publicKey: ecKey });
    expect(loadConfig({ SES_SNS_TOPIC_ARNS: '*' }).providers.ses?.topicArns).toBe('any');
    expect(loadConfig({ POSTMARK_WEBHOOK_SECRET: 'f'.repeat(32) }).providers.postmark).toEqual({ basic: undefined, pathSecret: 'f'.repeat(32) });
  });

  it('refuses malformed values, naming the variable', () => {
    expect(fieldsRefused({ SES_SNS_TOPIC_ARNS: 'my-topic' })).toEqual(['SES_SNS_TOPIC_ARNS']);
    expect(fieldsRefused({ SES_SNS_TEST_HOSTS: 'http://localhost' })).toEqual(['SES_SNS_TEST_HOSTS']);
    expect(fieldsRefused({ SENDGRID_WEBHOOK_PUBLIC_KEY: rsaKey })).toEqual(['SENDGRID_WEBHOOK_PUBLIC_KEY']);
    expect(fieldsRefused({ SENDGRID_WEBHOOK_PUBLIC_KEY: 'not a key' })).toEqual(['SENDGRID_WEBHOOK_PUBLIC_KEY']);
    expect(fieldsRefused({ POSTMARK_WEBHOOK_SECRET: 'short' })).toEqual(['POSTMARK_WEBHOOK_SECRET']);
    expect(fieldsRefused({ POSTMARK_WEBHOOK_USER: 'postmark' })).toEqual(['POSTMARK_WEBHOOK_PASSWORD']);
    expect(fieldsRefused({ POSTMARK_WEBHOOK_PASSWORD: 'a-long-enough-password' })).toEqual(['POSTMARK_WEBHOOK_USER']);
  });
});
