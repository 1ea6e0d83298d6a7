/**
 * presswire doctor against a DNS server started here and the SMTP sink as the relay: a
 * well-published domain passes; a missing SPF include, a wrong DKIM key, no DMARC record and
 * no key at all each fail with a fix; the spawned CLI exits 0 only when nothing fails.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src/contract/doctor.js';
import { exitCodes } from '../../src/cli/exit-codes.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { TestDnsServer } from '../helpers/dns-server.js';
import { runCli } from '../helpers/processes.js';
import { appWithSink } from '../helpers/suite.js';
import { testToken } from '../helpers/test-app.js';

const domain = 'press.example.org';
const dnsServer = new TestDnsServer();
const appEnv: Record<string, string> = {};

beforeAll(async () => {
  await dnsServer.start();
  appEnv.DNS_SERVERS = dnsServer.address;
});
afterAll(() => dnsServer.close());

const finding = (report: DoctorReport, check: string) => {
  const found = report.findings.find((f) => f.check === check);
  expect(found, `${check} in ${JSON.stringify(report.findings)}`).toBeDefined();
  return found!;
};

describe.each(testDatabaseKinds())('presswire doctor (%s)', (database) => {
  const s = appWithSink({ database, env: appEnv });
  let env: Record<string, string>;
  let dkimRecord: { name: string; value: string };

  const doctor = async (...args: string[]) => {
    const run = await runCli(['doctor', '--json', ...args], env);
    return { code: run.code, report: JSON.parse(run.stdout) as DoctorReport, stderr: run.stderr };
  };

  beforeAll(async () => {
    env = { PRESSWIRE_URL: await s.t.app.listen({ host: '127.0.0.1', port: 0 }), PRESSWIRE_TOKEN: testToken };
    const generated = await s.t.api<{ dnsRecord: { name: string; value: string } }>('POST', '/api/v1/dkim/keys', { json: { selector: `doc-${database}` } });
    expect(generated.status).toBe(201);
    dkimRecord = generated.body.dnsRecord;
  });

  /** A domain published as it should be: the relay (127.0.0.1) in SPF, the key, DMARC, an MX. */
  beforeEach(() => {
    dnsServer.zone.clear();
    dnsServer.set(domain, { TXT: ['google-site-verification=abc123', 'v=spf1 ip4:192.0.2.25 ip4:127.0.0.1 -all'], MX: [{ exchange: `mx.${domain}`, priority: 10 }] });
    dnsServer.set(dkimRecord.name, { TXT: [dkimRecord.value] });
    dnsServer.set(`_dmarc.${domain}`, { TXT: ['v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:dmarc@press.example.org'] });
  });

  it('passes a well-published domain: every DNS check passes and the CLI exits 0, warnings allowed', async () => {
    const { code, report, stderr } = await doctor();
    expect(code, stderr).toBe(exitCodes.ok);
    expect(report).toMatchObject({ domain, bounceDomain: domain, ok: true });
    for (const check of ['spf', 'dkim', 'dmarc', 'dmarc-alignment', 'bounce-mx', 'relay-auth', 'public-url', 'redis-eviction', 'disk']) expect(finding(report, check).status, check).toBe('pass');
    // The sink speaks no TLS; on this machine that is a warning, not a failure.
    expect(finding(report, 'relay-tls')).toMatchObject({ status: 'warn', fix: expect.stringContaining('STARTTLS') });
    expect(finding(report, 'dkim').detail).toContain(dkimRecord.name);
    expect(dkimRecord.value.length).toBeGreaterThan(255);

    const human = await runCli(['doctor'], env);
    expect(human.code, human.stderr).toBe(exitCodes.ok);
    expect(human.stdout).toMatch(/^PASS {2}spf: /m);
    expect(human.stdout).toMatch(/^WARN {2}relay-tls: .*\n {6}fix: /m);
  });

  it('fails an SPF record that leaves the relay out, with the record to publish instead', async () => {
    dnsServer.set(domain, { TXT: ['v=spf1 ip4:192.0.2.25 include:_spf.example.net -all'] });
    dnsServer.set('_spf.example.net', { TXT: ['v=spf1 ip4:198.51.100.0/24 -all'] });
    const { code, report } = await doctor();
    expect(code).toBe(exitCodes.checksFailed);
    expect(report.ok).toBe(false);
    const spf = finding(report, 'spf');
    expect(spf.status).toBe('fail');
    expect(spf.detail).toContain('127.0.0.1');
    expect(spf.fix).toContain('"v=spf1 ip4:192.0.2.25 include:_spf.example.net ip4:127.0.0.1 -all"');
    expect(finding(report, 'dkim').status).toBe('pass');
  });

  it('fails when there is no SPF record at all', async () => {
    dnsServer.set(domain, { TXT: ['google-site-verification=abc123'] });
    const spf = finding((await doctor()).report, 'spf');
    expect(spf).toMatchObject({ status: 'fail', fix: expect.stringContaining(`TXT record at ${domain}`) });
  });

  it('fails a DKIM record holding another key, with the record of the key that signs', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    dnsServer.set(dkimRecord.name, { TXT: [`v=DKIM1; k=rsa; p=${other}`] });
    const { code, report } = await doctor();
    expect(code).toBe(exitCodes.checksFailed);
    const dkim = finding(report, 'dkim');
    expect(dkim.status).toBe('fail');
    expect(dkim.detail).toContain('another public key');
    expect(dkim.fix).toContain(dkimRecord.value);
    expect(finding(report, 'spf').status).toBe('pass');
  });

  it('fails when no DMARC record is published, with one to publish', async () => {
    dnsServer.zone.delete(`_dmarc.${domain}`);
    const { code, report } = await doctor();
    expect(code).toBe(exitCodes.checksFailed);
    expect(finding(report, 'dmarc')).toMatchObject({ status: 'fail', fix: expect.stringContaining(`_dmarc.${domain} "v=DMARC1; p=none`) });
    expect(report.findings.some((f) => f.check === 'dmarc-alignment')).toBe(false);
  });

  it('finds the organisational DMARC record of a parent domain and applies its strict alignment', async () => {
    dnsServer.zone.delete(`_dmarc.${domain}`);
    dnsServer.set('_dmarc.example.org', { TXT: ['v=DMARC1; p=reject; adkim=s; aspf=s'] });
    const report = (await doctor()).report;
    expect(finding(report, 'dmarc')).toMatchObject({ status: 'pass', detail: expect.stringContaining('_dmarc.example.org') });
    // d= is the From domain: DKIM aligns even strictly, so DMARC holds on it alone.
    expect(finding(report, 'dmarc-alignment')).toMatchObject({ status: 'pass' });
  });

  it('fails a bounce domain without MX', async () => {
    dnsServer.set(domain, { MX: [] });
    const mx = finding((await doctor()).report, 'bounce-mx');
    expect(mx).toMatchObject({ status: 'fail', fix: expect.stringContaining(`MX ${domain}`) });
  });

  it('fails DKIM with the generate command once no key signs', async () => {
    const removed = await runCli(['dkim', 'remove'], env);
    expect(removed.code, removed.stderr).toBe(0);
    const { code, report } = await doctor();
    expect(code).toBe(exitCodes.checksFailed);
    expect(finding(report, 'dkim')).toMatchObject({ status: 'fail', fix: expect.stringContaining('presswire dkim generate --selector') });
    expect(finding(report, 'dmarc-alignment').status).toBe('warn');
  });

  it('is for admins only', async () => {
    const token = await s.t.api<{ token: string }>('POST', '/api/v1/tokens', { json: { name: 'doctor viewer', role: 'viewer' } });
    expect(token.status).toBe(201);
    const run = await runCli(['doctor', '--json'], { ...env, PRESSWIRE_TOKEN: token.body.token });
    expect(run.code).toBe(exitCodes.forbidden);
  });
});
