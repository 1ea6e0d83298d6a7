/**
 * Where an SNS message may send us: its signing certificate and its subscription URL must
 * be on Amazon SNS itself (https://sns.<region>.amazonaws.com[.cn]), or on a host a
 * developer listed in SES_SNS_TEST_HOSTS to stand in for it. Anything else is refused
 * before it is fetched, whatever the message says — the URLs are not covered by the signature.
 */
import { guardedFetch } from '../net/guarded-fetch.js';

const snsHost = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

export interface SnsHosts {
  /** host or host:port, lower-case: reached over http or https, on any address. */
  testHosts: string[];
}

export type SnsUrl = { url: URL; testHost: boolean };

/** The URL when it may be fetched, or why not. */
export function snsUrl(value: string | undefined, hosts: SnsHosts, what: 'certificate' | 'subscription'): SnsUrl | { refused: string } {
  if (!value || !URL.canParse(value)) return { refused: `The ${what} URL is missing or not a URL` };
  const url = new URL(value);
  if (url.username || url.password) return { refused: `The ${what} URL carries credentials` };
  if (what === 'certificate' && !url.pathname.endsWith('.pem')) return { refused: 'The certificate URL does not name a .pem file' };
  if (hosts.testHosts.includes(url.host.toLowerCase()) && (url.protocol === 'https:' || url.protocol === 'http:')) return { url, testHost: true };
  if (url.protocol !== 'https:' || url.port !== '' || !snsHost.test(url.hostname.toLowerCase())) return { refused: `The ${what} URL is not on an Amazon SNS host (https://sns.<region>.amazonaws.com)` };
  return { url, testHost: false };
}

const fetchTimeoutMs = 10_000;

/**
 * A fetch for URLs `snsUrl` let through: SNS itself only over https to public addresses, no
 * redirect; a listed stand-in over http(s) on any address, as its listing asks.
 */
export function snsFetch(): (target: SnsUrl) => Promise<Response> {
  const publicFetch = guardedFetch({ allowHttp: false, allowPrivateHosts: false }, fetchTimeoutMs);
  const testFetch = guardedFetch({ allowHttp: true, allowPrivateHosts: true }, fetchTimeoutMs);
  return (target) => (target.testHost ? testFetch : publicFetch)(target.url);
}
