/** DMARC policy and alignment with our signing domain and VERP bounce domain, against a DNS server of the test's own. */
import { describe, expect, it } from 'vitest';
import { checkDmarc } from '../../../src/doctor/dmarc-check.js';
import { withDnsServer } from '../../helpers/dns-server.js';

describe('DMARC check', () => {
  const dns = withDnsServer({
    '_dmarc.strict.example.org': { TXT: ['v=DMARC1; p=reject; adkim=s; aspf=s'] },
    '_dmarc.relaxed.example.org': { TXT: ['v=DMARC1; p=none'] },
    '_dmarc.nopolicy.example.org': { TXT: ['v=DMARC1; rua=mailto:d@nopolicy.example.org'] },
  });
  const run = (fromDomain: string, signingDomain: string | undefined, bounceDomain: string) => checkDmarc(dns.resolver, { fromDomain, signingDomain, bounceDomain });

  it('passes relaxed alignment of a bounce subdomain, and warns when strict SPF alignment leaves DMARC to DKIM alone', async () => {
    expect((await run('relaxed.example.org', 'relaxed.example.org', 'bounces.relaxed.example.org')).map((f) => f.status)).toEqual(['pass', 'pass']);
    const [policy, alignment] = await run('strict.example.org', 'strict.example.org', 'bounces.strict.example.org');
    expect(policy?.status).toBe('pass');
    expect(alignment).toMatchObject({ status: 'warn', detail: expect.stringContaining('aspf=strict'), fix: expect.stringContaining('BOUNCE_DOMAIN to strict.example.org') });
  });

  it('fails when neither DKIM nor the bounce domain aligns', async () => {
    const [, alignment] = await run('relaxed.example.org', undefined, 'bounces.example.net');
    expect(alignment).toMatchObject({ status: 'fail', fix: expect.stringContaining('presswire dkim generate') });
  });

  it('fails a record without a policy', async () => {
    expect((await run('nopolicy.example.org', 'nopolicy.example.org', 'nopolicy.example.org'))[0]).toMatchObject({ status: 'fail', fix: expect.stringContaining('p=none') });
  });
});
