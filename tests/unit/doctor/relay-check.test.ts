/** The relay check against a real SMTP server: login taken, login refused, nothing listening. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRelay } from '../../../src/doctor/relay-check.js';
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
});
