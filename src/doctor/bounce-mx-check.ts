/** The bounce domain must receive mail: reports of failed deliveries go to its MX. */
import { fail, pass, type Finding } from './findings.js';
import { noneIfMissing, type DnsResolver } from './resolver.js';

export async function checkBounceMx(resolver: DnsResolver, bounceDomain: string, bounceDomainSet: boolean): Promise<Finding> {
  const records = await noneIfMissing(resolver.resolveMx(bounceDomain));
  const hosts = records.filter((r) => r.exchange !== '' && r.exchange !== '.').sort((a, b) => a.priority - b.priority);
  const source = bounceDomainSet ? 'BOUNCE_DOMAIN' : 'the From domain (BOUNCE_DOMAIN is not set)';
  if (hosts.length === 0) {
    return fail('bounce-mx', `${bounceDomain}, ${source}, has no MX record: bounces and complaints sent back to bounces+…@${bounceDomain} are lost, and some receivers refuse mail from a domain that cannot receive`, `publish MX ${bounceDomain} pointing at the server that runs presswire inbound (or your mail server forwarding bounces+* to it)`);
  }
  return pass('bounce-mx', `${bounceDomain} (${source}) receives mail at ${hosts.map((h) => `${h.exchange} (${h.priority})`).join(', ')}`);
}
