/** SPF as the doctor evaluates it, against a DNS server of the test's own: relays named or by address. */
import { describe, expect, it } from 'vitest';
import { checkSpf } from '../../../src/doctor/spf-check.js';
import { withDnsServer } from '../../helpers/dns-server.js';

describe('SPF check', () => {
  const dns = withDnsServer({
    'relay.example.net': { A: ['198.51.100.7'], AAAA: ['2001:db8::7'] },
    '_spf.example.net': { TXT: ['v=spf1 ip4:198.51.100.0/24 ip6:2001:db8::/32 -all'] },
    'covered.example.org': { TXT: ['v=spf1 include:_spf.example.net -all'] },
    'half.example.org': { TXT: ['v=spf1 ip4:198.51.100.7 ~all'] },
    'twice.example.org': { TXT: ['v=spf1 -all', 'v=spf1 a -all'] },
    'broken.example.org': { TXT: ['v=spf1 include:missing.example.net -all'] },
  });
  const check = (domain: string, relay: string | undefined) => checkSpf(dns.resolver, domain, relay);

  it('passes a relay whose every address the record covers, through an include', async () => {
    expect(await check('covered.example.org', 'relay.example.net')).toMatchObject({ status: 'pass', detail: expect.stringContaining('198.51.100.7, 2001:db8::7') });
  });

  it('fails a relay whose IPv6 address is left out, suggesting the mechanism to add', async () => {
    const finding = await check('half.example.org', 'relay.example.net');
    expect(finding).toMatchObject({ status: 'fail', fix: expect.stringContaining('"v=spf1 ip4:198.51.100.7 ip6:2001:db8::7 ~all"') });
  });

  it('fails two SPF records and a record that does not evaluate', async () => {
    expect(await check('twice.example.org', 'relay.example.net')).toMatchObject({ status: 'fail', detail: expect.stringContaining('2 SPF records') });
    expect(await check('broken.example.org', 'relay.example.net')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/perm|temp/) });
  });

  it('warns when no relay is configured, and fails a relay name without addresses', async () => {
    expect((await check('covered.example.org', undefined)).status).toBe('warn');
    expect(await check('covered.example.org', 'gone.example.net')).toMatchObject({ status: 'fail', detail: expect.stringContaining('no address') });
  });
});
