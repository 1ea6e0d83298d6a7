/**
 * Which IP addresses a request to a user-chosen server may reach: public unicast ones only.
 * The ranges are ipaddr.js's (RFC 6890 and the registries after it); this file only adds what
 * it leaves as "unicast" but no one outside this machine's network should be sent to.
 */
import ipaddr from 'ipaddr.js';

// IANA's global unicast space: every other IPv6 block is special, deprecated or unassigned
// (ipaddr.js calls ::/96, the deprecated IPv4-compatible form of an IPv4 address, "unicast").
const globalUnicast = ipaddr.parseCIDR('2000::/3');

/**
 * Instance-metadata services at addresses ipaddr.js classifies as public. The others sit in
 * refused ranges already: 169.254.169.254 (link-local), fd00:ec2::254 (unique local),
 * 100.100.100.200 (CGNAT), 192.0.0.192 (reserved).
 */
const metadataServices = new Set(['168.63.129.16' /* Azure WireServer */]);

/**
 * Why `address` (an IP literal) is not a public address — its range, as in "loopback",
 * "private", "linkLocal", "carrierGradeNat", "uniqueLocal" — or undefined when it is one.
 * An IPv4-mapped IPv6 address is judged as the IPv4 address it carries.
 */
export function nonPublicRange(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const ip = ipaddr.process(address);
  if (metadataServices.has(ip.toNormalizedString())) return 'cloud metadata';
  const range = ip.range();
  if (range !== 'unicast') return range;
  if (ip.kind() === 'ipv6' && !ip.match(globalUnicast)) return 'reserved';
  return undefined;
}
