/**
 * The SNS signature check around sns-payload-validator, against a real local HTTP server
 * standing in for sns.<region>.amazonaws.com: an error page is never kept as the
 * certificate; a rotated certificate is fetched again once; forged messages cannot make
 * it fetch on every request; certificate URLs off SNS are refused before any fetch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snsUrl } from '../../../src/providers/sns-hosts.js';
import { SnsSignatures, type SnsMessage } from '../../../src/providers/sns-signature.js';
import { SnsStandIn } from '../../helpers/provider-signers.js';

const topic = 'arn:aws:sns:eu-west-1:123456789012:feedback';

describe('SNS signatures', () => {
  const sns = new SnsStandIn();
  let clock = 1_000_000;
  let signatures: SnsSignatures;
  const signed = () => sns.message('Notification', { TopicArn: topic, Message: '{"notificationType":"Delivery"}' }) as unknown as SnsMessage;

  beforeAll(async () => {
    await sns.start();
    signatures = new SnsSignatures({ testHosts: [sns.host] }, { now: () => clock });
  });
  afterAll(async () => sns.close());

  it('does not keep an error page as the certificate: the next message fetches it again and verifies', async () => {
    sns.certificateStatus = 403;
    expect(await signatures.refusal(signed())).toMatch(/answered 403/);
    sns.certificateStatus = 200;
    const before = sns.certificateRequests;
    expect(await signatures.refusal(signed())).toBeUndefined();
    expect(await signatures.refusal(signed())).toBeUndefined();
    expect(sns.certificateRequests).toBe(before + 1); // then kept
  });

  it('refuses a message altered after signing', async () => {
    const message = signed();
    expect(await signatures.refusal({ ...message, Message: '{"notificationType":"Bounce"}' })).toBe('Invalid Signature');
  });

  it('fetches a rotated certificate once, and at most once a minute however many messages fail', async () => {
    clock += 120_000;
    sns.rotate();
    const before = sns.certificateRequests;
    expect(await signatures.refusal(signed())).toBeUndefined();
    expect(sns.certificateRequests).toBe(before + 1);
    const forged = { ...signed(), Message: 'altered' };
    for (let i = 0; i < 5; i++) expect(await signatures.refusal(forged)).toBe('Invalid Signature');
    expect(sns.certificateRequests).toBe(before + 1);
  });

  it('refuses a signature version SNS does not use', async () => {
    expect(await signatures.refusal({ ...signed(), SignatureVersion: '3' as '1' })).toBe('Invalid SignatureVersion');
  });
});

describe('SNS URLs', () => {
  const hosts = { testHosts: ['127.0.0.1:4000'] };
  const refused = (url: string, what: 'certificate' | 'subscription' = 'certificate') => 'refused' in snsUrl(url, hosts, what);

  it('accepts SNS hosts over https, a .pem certificate, and the listed stand-ins', () => {
    expect(refused('https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem')).toBe(false);
    expect(refused('https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem')).toBe(false);
    expect(refused('https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=x', 'subscription')).toBe(false);
    expect(refused('http://127.0.0.1:4000/cert.pem')).toBe(false);
  });

  it('refuses other hosts, plain http, other ports, credentials and files that are not .pem', () => {
    expect(refused('http://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem')).toBe(true);
    expect(refused('https://sns.us-east-1.amazonaws.com.example.net/x.pem')).toBe(true);
    expect(refused('https://sns.us-east-1.amazonaws.com:8443/x.pem')).toBe(true);
    expect(refused('https://user:pw@sns.us-east-1.amazonaws.com/x.pem')).toBe(true);
    expect(refused('https://s3.amazonaws.com/x.pem')).toBe(true);
    expect(refused('https://sns.us-east-1.amazonaws.com/x.txt')).toBe(true);
    expect(refused('http://127.0.0.1:4001/cert.pem')).toBe(true);
    expect(refused('not a url')).toBe(true);
  });
});
