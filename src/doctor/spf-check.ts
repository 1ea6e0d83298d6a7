/**
 * SPF: the domain publishes one `v=spf1` record and it lets the relay send for it. The
 * relay's addresses are evaluated against the record by mailauth (includes, a:, mx:,
 * ip4:/ip6:, redirects and the ten-lookup limit), not by a reading of our own.
 */
import { isIP } from 'node:net';
import { spf } from 'mailauth/lib/spf/index.js';
import { fail, pass, warn, type Finding } from './findings.js';
import { noneIfMissing, txtRecords, type DnsResolver } from './resolver.js';

const CHECK = 'spf';

/** The addresses the relay's name stands for (the name itself when it is an address). */
export async function addressesOf(resolver: DnsResolver, host: string): Promise<string[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return [bare];
  const lists = await Promise.all([noneIfMissing(resolver.resolve4(bare)), noneIfMissing(resolver.resolve6(bare))]);
  return lists.flat();
}

const mechanismFor = (address: string) => (isIP(address) === 6 ? `ip6:${address}` : `ip4:${address}`);

/** The record with the relay's addresses added before its final `all` (or a new record). */
function suggestedRecord(record: string | undefined, addresses: string[]): string {
  const added = addresses.map(mechanismFor).join(' ');
  if (!record) return `v=spf1 ${added} ~all`;
  const parts = record.trim().split(/\s+/);
  const all = parts.findIndex((p) => /^[+~?-]?all$/i.test(p) || /^redirect=/i.test(p));
  return (all === -1 ? [...parts, added] : [...parts.slice(0, all), added, ...parts.slice(all)]).join(' ');
}

export async function checkSpf(resolver: DnsResolver, domain: string, relayHost: string | undefined): Promise<Finding> {
  const records = (await txtRecords(resolver, domain)).filter((r) => /^v=spf1(\s|$)/i.test(r));
  if (records.length > 1) return fail(CHECK, `${domain} publishes ${records.length} SPF records; receivers treat that as an error (permerror)`, `merge them into one TXT record at ${domain}`);
  const record = records[0];
  if (!relayHost) {
    if (!record) return fail(CHECK, `${domain} publishes no SPF record (TXT "v=spf1 …")`, `publish a TXT record at ${domain} naming the servers that send its mail, e.g. "v=spf1 include:<your relay's SPF domain> ~all"`);
    return warn(CHECK, `${domain} publishes "${record}"; no relay is configured (SMTP_URL), so whether it covers the relay cannot be checked`, 'set SMTP_URL to the relay that sends your mail and run presswire doctor again');
  }
  const addresses = await addressesOf(resolver, relayHost);
  if (addresses.length === 0) return fail(CHECK, `the relay's name ${relayHost} has no address in DNS`, 'check the host in SMTP_URL');
  if (!record) return fail(CHECK, `${domain} publishes no SPF record (TXT "v=spf1 …"), so receivers cannot tell that the relay ${relayHost} may send for it`, `publish a TXT record at ${domain}: "${suggestedRecord(undefined, addresses)}" (or the include: your relay documents)`);

  const results = await Promise.all(
    addresses.map(async (ip) => ({ ip, result: (await spf({ sender: `postmaster@${domain}`, ip, helo: domain, mta: 'presswire-doctor', resolver: (name: string, type: string) => resolver.resolve(name, type) })).status.result })),
  );
  const refused = results.filter((r) => r.result !== 'pass');
  if (refused.length === 0) return pass(CHECK, `"${record}" lets the relay ${relayHost} (${addresses.join(', ')}) send for ${domain}`);
  const errors = refused.filter((r) => r.result === 'permerror' || r.result === 'temperror');
  if (errors.length > 0) return fail(CHECK, `evaluating "${record}" for ${errors[0]!.ip} gives ${errors[0]!.result} (a broken include or redirect, a syntax error, or more than ten DNS lookups)`, `fix the SPF record at ${domain} so that it evaluates, e.g. check it with an SPF validator`);
  const which = refused.map((r) => `${r.ip}: ${r.result}`).join(', ');
  return fail(CHECK, `"${record}" does not include the relay ${relayHost} (${which})`, `add the relay to the TXT record at ${domain}: "${suggestedRecord(record, refused.map((r) => r.ip))}" (or the include: your relay documents)`);
}
