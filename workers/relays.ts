/**
 * The email channel the workers send through: the development outbox without a relay; the
 * configured relays otherwise, each with its shared limits and (when there is another relay
 * to move to) its shared circuit breaker.
 */
import type { Channel } from '../src/channels/channel.js';
import { createEmailChannel, emailSettings, type EmailMessage } from '../src/channels/email/email.channel.js';
import { createRelaysChannel, type Relay } from '../src/channels/email/relays.channel.js';
import type { Context } from '../src/context.js';
import { createRelayBreaker, relayBreakerKey, type RelayBreaker } from '../src/queue/relay-breaker.js';
import { createRelayLimiter, relayLimitKey } from '../src/queue/relay-limit.js';

/** With one relay there is nowhere to move to: its failures are the ledger's retries, as before relays. */
const alwaysClosed: RelayBreaker = { allow: async () => 'closed', succeeded: async () => undefined, failed: async () => 'closed' };

export function sendingChannel(ctx: Context, outboxPort?: number): Channel<EmailMessage> {
  const { config } = ctx;
  const settings = emailSettings(config, outboxPort);
  const { relays: configured, organisationRelays, cooldownMs } = config.smtp;
  if (configured.length === 0) return createEmailChannel(settings);
  const prefix = config.redis.prefix;
  const relays: Relay[] = configured.map((r) => {
    const limiter = createRelayLimiter(ctx.redis, relayLimitKey(prefix, r.name), r);
    // Admitted with the connection in hand, as close to the relay reading the message as we get.
    const admit = () => limiter.admit().catch(() => undefined);
    return {
      name: r.name,
      channel: createEmailChannel({ ...settings, url: r.url, poolSize: r.connections }, admit),
      limiter,
      breaker: configured.length > 1 ? createRelayBreaker(ctx.redis, relayBreakerKey(prefix, r.name), { cooldownMs, probeTimeoutMs: 60_000 }) : alwaysClosed,
    };
  });
  return createRelaysChannel({ relays, routeOf: Object.keys(organisationRelays).length > 0 ? routeByOrganisation(ctx, organisationRelays) : undefined });
}

/** An organisation's relays, named in the relays file by its id or its name (looked up once). */
function routeByOrganisation(ctx: Context, lists: Record<string, string[]>): (orgId: string) => Promise<string[] | undefined> {
  const known = new Map<string, string[] | undefined>();
  return async (orgId) => {
    if (!known.has(orgId)) {
      const org = await ctx.db.kysely.selectFrom('organisations').select('name').where('id', '=', orgId).executeTakeFirst();
      known.set(orgId, lists[orgId] ?? (org ? lists[org.name] : undefined));
    }
    return known.get(orgId);
  };
}
