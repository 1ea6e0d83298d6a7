/** The relay check against a real SMTP server: login taken, login refused, nothing listening. */
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRelay } from '../../../src/doctor/relay-check.js';
import { readFixture } from '../../helpers/fixtures.js';
import { SmtpSink } from '../../helpers/smtp-sink.js';

describe('relay check', () => {
  const sink = new SmtpSink();
  beforeAll(() => sink.start({ requireAuth: true }));
  afterAll(() => sink.close());
  const settings = (url: string | undefined) => ({ url, verifyTLS: true, poolSize: 1 });

  it('passes a login the relay takes, warns that the conversation is in clear, and never shows the password', async () => {
    sink.script = { auth: (user, pass) => user === 'press' && pass === 's3cret/pass' };
    const findings = await checkRelay(settings(`smtp://press:${encodeURIComponent('s3cret/pass')}@127.0.0.1:${sink.port}`));
    expect(findings.map((f) => [f.check, f.status])).toEqual([
      ['relay-tls', 'warn'],
      ['relay-auth', 'pass'],
    ]);
    expect(JSON.stringify(findings)).not.toContain('s3cret');
  });

  it('fails credentials the relay refuses, with the fix', async () => {
    sink.script = { auth: () => false };
    const [finding] = await checkRelay(settings(`smtp://press:wrong-password@127.0.0.1:${sink.port}`));
    expect(finding).toMatchObject({ check: 'relay-auth', status: 'fail', fix: expect.stringContaining('SMTP_URL') });
    expect(JSON.stringify(finding)).not.toContain('wrong-password');
  });

  it('fails a relay that does not answer', async () => {
    const closed = new SmtpSink();
    await closed.start();
    const port = closed.port;
    await closed.close();
    const [finding] = await checkRelay(settings(`smtp://127.0.0.1:${port}`));
    expect(finding).toMatchObject({ check: 'relay', status: 'fail', detail: expect.stringContaining(`127.0.0.1:${port}`) });
  });

  it('warns that without SMTP_URL mail goes to the development outbox', async () => {
    expect(await checkRelay(settings(undefined))).toEqual([expect.objectContaining({ check: 'relay', status: 'warn', detail: expect.stringContaining('development outbox') })]);
  });

  it('passes a relay that upgrades with STARTTLS, and fails one whose certificate is not trusted', async () => {
    // A self-signed certificate: trusted only with SMTP_TLS_VERIFY=false.
    const tlsRelay = new SMTPServer({ key: readFixture('providers/sns-signing-key.pem'), cert: readFixture('providers/sns-signing-cert.pem'), authOptional: true, logger: false });
    await new Promise<void>((resolve) => tlsRelay.listen(0, '127.0.0.1', resolve));
    const url = `smtp://127.0.0.1:${(tlsRelay.server.address() as { port: number }).port}`;
    try {
      const [tls] = await checkRelay({ url, verifyTLS: false, poolSize: 1 });
      expect(tls).toMatchObject({ check: 'relay-tls', status: 'pass', detail: expect.stringContaining('STARTTLS') });
      expect(tls!.detail).toContain('NOT verified');
      const [untrusted] = await checkRelay({ url, verifyTLS: true, poolSize: 1 });
      expect(untrusted).toMatchObject({ check: 'relay-tls', status: 'fail' });
    } finally {
      await new Promise<void>((resolve) => tlsRelay.close(() => resolve()));
    }
  });
});
