/**
 * Where requests to a server a user named (a Mastodon instance, a Bluesky PDS, an outbound
 * webhook endpoint) may go: to https:// addresses that resolve to public IP addresses only, so
 * that a user's settings cannot point Presswire at this machine, its network or a cloud
 * metadata service. A local server or a test server needs both development settings.
 */
import { promises as dns, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { nonPublicRange } from './public-address.js';

/** Resolves every address of a host name. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export interface OutboundPolicy {
  /** Plain http:// to a loopback host (SOCIAL_ALLOW_HTTP, WEBHOOKS_ALLOW_HTTP). */
  allowHttp: boolean;
  /** Hosts at non-public addresses: loopback, private, link-local… (SOCIAL_ALLOW_PRIVATE_HOSTS, WEBHOOKS_ALLOW_PRIVATE_HOSTS). */
  allowPrivateHosts: boolean;
  /** The system resolver when unset; tests map names of their own. */
  resolve?: Resolver;
}

/** A request the policy did not let out, or a redirect it did not follow. */
export class RefusedRequest extends Error {
  constructor(
    message: string,
    /** The status of a refused redirect. */
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'RefusedRequest';
  }

  static notReached(reason: string): RefusedRequest {
    return new RefusedRequest(`not reached: ${reason}`);
  }
}

/** A URL's host name as an IP literal, brackets off ("[::1]" → "::1"), or undefined for a name. */
const literalAddress = (hostname: string): string | undefined => {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(bare) ? bare : undefined;
};

/** localhost, a name under .localhost (RFC 6761), or a loopback address. */
export function isLoopbackHost(hostname: string): boolean {
  const address = literalAddress(hostname);
  return address ? nonPublicRange(address) === 'loopback' : hostname === 'localhost' || hostname.endsWith('.localhost');
}

/** The range that keeps a connection from this IP address, if one does. */
const refusedRange = (address: string, policy: OutboundPolicy): string | undefined => (policy.allowPrivateHosts ? undefined : nonPublicRange(address));

/** Why connecting to this IP literal is refused, if it is. */
export function addressRefusal(address: string, policy: OutboundPolicy): string | undefined {
  const range = refusedRange(address, policy);
  return range && `${address} is not a public address (${range})`;
}

/** Why the scheme of `url` is refused — plain http:// but to a loopback host in development — if it is. */
export function schemeRefusal(url: URL, policy: OutboundPolicy): string | undefined {
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:') return `${url.protocol} is not https://`;
  if (policy.allowHttp && isLoopbackHost(url.hostname)) return undefined;
  return `${url.origin} is plain HTTP (https:// only${policy.allowHttp ? ', or http:// on this machine' : ''})`;
}

/**
 * Why `url` is refused as a user's setting (an account's server, a webhook endpoint) — its scheme, or a host that is a non-public
 * IP literal (WHATWG URL parsing has already turned 0xa9fea9fe and 2852039166 into
 * 169.254.169.254) — or undefined. Host names are judged when they are resolved.
 */
export function urlRefusal(url: URL, policy: OutboundPolicy): string | undefined {
  const address = literalAddress(url.hostname);
  return schemeRefusal(url, policy) ?? (address && addressRefusal(address, policy));
}

const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true });

/**
 * Why a host name is refused by what it resolves to now, if it is: a setting that points at
 * this machine or its network is refused where people can correct it. A name that does not
 * resolve passes here; every connection judges the name again (`guardedLookup`).
 */
export async function resolvedRefusal(hostname: string, policy: OutboundPolicy): Promise<string | undefined> {
  if (policy.allowPrivateHosts || literalAddress(hostname)) return undefined;
  const addresses = await (policy.resolve ?? systemResolver)(hostname).catch((): LookupAddress[] => []);
  const range = addresses.map((a) => refusedRange(a.address, policy)).find(Boolean);
  return range && `${hostname} resolves to a non-public address (${range})`;
}

/**
 * A net/tls `lookup` that resolves every address of the name and fails when any of them is
 * refused. The connection then goes to the addresses checked here, so a DNS answer that
 * changes between a check and the connection (DNS rebinding) has nothing to slip through.
 */
export function guardedLookup(policy: OutboundPolicy): LookupFunction {
  const resolve = policy.resolve ?? systemResolver;
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const range = addresses.map((a) => refusedRange(a.address, policy)).find(Boolean);
        if (range) callback(RefusedRequest.notReached(`${hostname} resolves to a non-public address (${range})`), '');
        else if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };
}
