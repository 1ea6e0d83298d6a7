/**
 * Is an open or a click a person's, or a machine's? Pure: the request and what we know of
 * the delivery in, a reason (or nothing, for a person) out. Machine events are stored with
 * their reason and never counted as human.
 *
 * Two kinds of machines fetch what is in a message without anyone reading it:
 * - Apple Mail Privacy Protection loads every image, the pixel included, through Apple's
 *   proxy when the message arrives, from Apple's own address space and with a bare
 *   "Mozilla/5.0" user agent.
 * - Corporate link scanners (Barracuda, Mimecast, Proofpoint, Microsoft Defender SafeLinks…)
 *   follow every link as the message passes the gateway: within seconds of our relay taking
 *   it, often several links in one second, often with HEAD, often with a tool's user agent.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * A gateway's scanner or a privacy proxy acts in the seconds after the relay accepts the
 * message; a journalist rarely opens, let alone clicks, that fast. Longer would take quick
 * readers for machines; shorter would miss gateways that queue the message a little.
 */
export const MACHINE_WINDOW_MS = 5_000;

export interface TrackedRequest {
  kind: 'open' | 'click';
  method: string;
  ip: string | undefined;
  userAgent: string | undefined;
  at: number;
  /** When the relay accepted the delivery (its `finished_at`), if known. */
  acceptedAt: number | null;
  /** Clicks on other links of the same delivery within the same second, before this one. */
  otherLinksThisSecond?: number;
}

// Apple's 17.0.0.0/8 and its IPv6 blocks, the egress of Mail Privacy Protection's proxy.
const appleProxy = new BlockList();
appleProxy.addSubnet('17.0.0.0', 8, 'ipv4');
appleProxy.addSubnet('2620:149::', 32, 'ipv6');
appleProxy.addSubnet('2a01:b740::', 32, 'ipv6');

const scannerAgents =
  /barracuda|mimecast|proofpoint|safelinks|defender|microsoft-?atp|cisco|ironport|trend ?micro|symantec|messagelabs|broadcom|forcepoint|sophos|fortinet|fortiguard|zscaler|checkpoint|python-requests|python-urllib|aiohttp|curl\/|wget\/|go-http-client|java\/|okhttp|apache-httpclient|libwww|headlesschrome|phantomjs|\bbot\b|crawler|spider|scanner/i;

function fromAppleProxy(ip: string | undefined): boolean {
  if (!ip) return false;
  const plain = ip.toLowerCase().startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (isIPv4(plain)) return appleProxy.check(plain, 'ipv4');
  return isIPv6(plain) && appleProxy.check(plain, 'ipv6');
}

/** Why this request looks like a machine's, or undefined for a person's. */
export function machineReason(request: TrackedRequest): string | undefined {
  const agent = request.userAgent?.trim() ?? '';
  if (request.method.toUpperCase() === 'HEAD') return 'HEAD request';
  if (agent === '') return 'no user agent';
  if (scannerAgents.test(agent)) return `scanner user agent: ${agent.slice(0, 100)}`;
  if (request.kind === 'open' && (fromAppleProxy(request.ip) || agent === 'Mozilla/5.0')) return 'Apple Mail Privacy Protection';
  if (fromAppleProxy(request.ip) && agent === 'Mozilla/5.0') return 'Apple privacy proxy';
  if (request.acceptedAt !== null && request.at - request.acceptedAt < MACHINE_WINDOW_MS) {
    return `${request.kind} within ${MACHINE_WINDOW_MS / 1000} seconds of delivery`;
  }
  if (request.kind === 'click' && (request.otherLinksThisSecond ?? 0) > 0) return 'several links clicked within one second';
  return undefined;
}
