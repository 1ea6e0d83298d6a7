/**
 * Email through several sending relays, in order of preference, each behind its shared rate
 * limit and its circuit breaker. A message goes to the first relay whose circuit lets it
 * through and whose day is not used up; when that relay fails as a whole before taking the
 * message — the connection refused or lost before the final dot, TLS failed, our login
 * refused, a 421 — the breaker hears of it and the same message moves to the next relay.
 * A failure after the message was handed over (`ambiguous`) never moves: it may have been
 * delivered, so it keeps the ledger's same-Message-ID resend. Failures about the recipient
 * stay that recipient's outcome. Every receipt and error names the relay that answered.
 */
import type { RelayBreaker } from '../../queue/relay-breaker.js';
import type { RelayLimiter } from '../../queue/relay-limit.js';
import { ChannelError, type Channel, type Receipt } from '../channel.js';
import type { EmailMessage } from './email.channel.js';

export interface Relay {
  name: string;
  channel: Channel<EmailMessage>;
  limiter: RelayLimiter;
  breaker: RelayBreaker;
}

/** 421s in a row that open a relay's circuit; one refused connection, TLS failure or login does. */
export const repeated421 = 3;

/** How bad a failure is for the relay as a whole; undefined when it is not the relay's. */
function relayFault(error: ChannelError): number | undefined {
  if (error.failure === 'auth') return 1;
  if (error.failure === 'retry' && error.details.connection) return 1;
  if (error.failure === 'rate_limited' && error.details.code === 421) return repeated421;
  return undefined;
}

const named = (error: ChannelError, relay: string) => new ChannelError(error.failure, error.message, { ...error.details, relay }, { cause: error.cause });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface RelaysChannelOptions {
  relays: Relay[];
  /** The relays' names for an organisation, in order of preference; undefined: all of them. */
  routeOf?: (orgId: string) => Promise<string[] | undefined>;
}

export function createRelaysChannel(options: RelaysChannelOptions): Channel<EmailMessage> {
  const byName = new Map(options.relays.map((r) => [r.name, r]));
  const route = async (message: EmailMessage): Promise<Relay[]> => {
    const names = message.orgId && options.routeOf ? await options.routeOf(message.orgId) : undefined;
    return names ? names.map((n) => byName.get(n)!).filter(Boolean) : options.relays;
  };

  /** Try one relay: a receipt, an error that ends the message's attempt, or undefined to move on. */
  async function through(relay: Relay, message: EmailMessage): Promise<Receipt | { fault: ChannelError } | undefined> {
    // While Redis is away the relay counts as up and unpaced, as the shared send rate does.
    const gate = await relay.breaker.allow().catch(() => 'closed' as const);
    if (gate === 'open') return undefined;
    const slot = await relay.limiter.reserve().catch(() => ({ delayMs: 0 }));
    if ('exhausted' in slot) return undefined;
    if (slot.delayMs > 0) await sleep(slot.delayMs);
    try {
      const receipt = await relay.channel.send(message);
      await relay.breaker.succeeded().catch(() => undefined);
      return { ...receipt, relay: relay.name };
    } catch (err) {
      const error = err instanceof ChannelError ? err : new ChannelError('ambiguous', String(err), { reply: String(err) }, { cause: err });
      const fault = relayFault(error);
      if (fault === undefined) {
        // The relay answered for this recipient: it works.
        await relay.breaker.succeeded().catch(() => undefined);
        throw named(error, relay.name);
      }
      await relay.breaker.failed(fault).catch(() => undefined);
      return { fault: named(error, relay.name) };
    }
  }

  return {
    id: 'email',
    kind: 'email',
    async send(message) {
      let last: ChannelError | undefined;
      for (const relay of await route(message)) {
        const result = await through(relay, message);
        if (result && 'fault' in result) last = result.fault;
        else if (result) return result;
      }
      // Nothing was handed over: the ledger retries later (or stops the queue on a refused login).
      throw last ?? new ChannelError('retry', 'no sending relay is available now (circuits open or daily limits reached)', { reply: 'no sending relay available' });
    },
    async verify() {
      await Promise.all(options.relays.map((r) => r.channel.verify?.()));
    },
    close: async () => {
      await Promise.all(options.relays.map((r) => r.channel.close?.()));
    },
  };
}
