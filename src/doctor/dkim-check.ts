/** DKIM: the record published at the active key's selector carries that key's public key. */
import { fail, pass, warn, type Finding } from './findings.js';
import { recordTags, txtRecords, type DnsResolver } from './resolver.js';
import { aligned } from './alignment.js';

const CHECK = 'dkim';

export interface ActiveKey {
  selector: string;
  domain: string;
  /** The record to publish, as `presswire dkim show` prints it. */
  dnsRecord: { name: string; value: string };
}

const publicKeyOf = (record: string): string | undefined => recordTags(record).get('p')?.replace(/\s+/g, '');

export async function checkDkim(resolver: DnsResolver, key: ActiveKey | undefined, fromDomain: string): Promise<Finding> {
  if (!key) return fail(CHECK, `no DKIM key signs ${fromDomain}'s mail, so it goes out unsigned (Gmail and Yahoo expect bulk senders to sign)`, 'run presswire dkim generate --selector <name> and publish the TXT record it prints');
  const publish = `publish TXT ${key.dnsRecord.name} "${key.dnsRecord.value}" (presswire dkim show prints it)`;
  const expected = publicKeyOf(key.dnsRecord.value);
  const published = (await txtRecords(resolver, key.dnsRecord.name)).filter((r) => publicKeyOf(r) !== undefined);
  if (published.length === 0) return fail(CHECK, `no DKIM record at ${key.dnsRecord.name}: receivers cannot verify the signature of selector "${key.selector}"`, publish);
  if (!published.some((r) => publicKeyOf(r) === expected)) {
    const revoked = published.some((r) => publicKeyOf(r) === '');
    return fail(CHECK, `the record at ${key.dnsRecord.name} ${revoked ? 'revokes the key (empty p=)' : 'holds another public key than the one that signs'}: every signature fails`, `replace it: ${publish}`);
  }
  if (!aligned(key.domain, fromDomain, 'relaxed')) return warn(CHECK, `the key at ${key.dnsRecord.name} matches, but it signs as ${key.domain}, which does not align with the From domain ${fromDomain}`, `generate a key for ${fromDomain}: presswire dkim generate --selector <name> --domain ${fromDomain}`);
  return pass(CHECK, `${key.dnsRecord.name} publishes the public key that signs (selector "${key.selector}", d=${key.domain})`);
}
