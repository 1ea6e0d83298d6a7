/**
 * fetch for requests to servers a user named — a Mastodon instance, a Bluesky PDS (or the PDS
 * a DID document names, which the Bluesky SDK switches to after login), a webhook endpoint.
 * Every URL's scheme passes the outbound policy; every address is checked where the connection is made (undici's
 * connector: an IP literal before connecting, a name in the lookup that resolves it); a
 * redirect is refused, not followed; and every request gives up after `timeoutMs`.
 */
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { addressRefusal, guardedLookup, RefusedRequest, schemeRefusal, type OutboundPolicy } from './outbound-policy.js';

/** Node skips `lookup` for an IP literal, so the connector judges those itself. */
function guardedConnector(policy: OutboundPolicy): buildConnector.connector {
  const connect = buildConnector({ lookup: guardedLookup(policy) });
  return (options, callback) => {
    const refused = isIP(options.hostname) ? addressRefusal(options.hostname, policy) : undefined;
    if (refused) callback(RefusedRequest.notReached(refused), null);
    else connect(options, callback);
  };
}

const urlOf = (input: Parameters<typeof fetch>[0]): URL => new URL(input instanceof Request ? input.url : input);

export function guardedFetch(policy: OutboundPolicy, timeoutMs: number): typeof fetch {
  const dispatcher = new Agent({ connect: guardedConnector(policy) });
  return async (input, init) => {
    const refused = schemeRefusal(urlOf(input), policy);
    if (refused) throw RefusedRequest.notReached(refused);
    const response = await fetch(input, { ...init, dispatcher, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw new RefusedRequest(`answered ${response.status}, a redirect, which is not followed`, response.status);
    }
    return response;
  };
}
