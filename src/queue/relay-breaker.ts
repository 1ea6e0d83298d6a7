/**
 * A circuit breaker per sending relay, kept in Redis so that every worker process agrees.
 * Closed: messages go through it. Open (after `threshold` failures in a row — 1 for a refused
 * connection, TLS or login, a few for 421s): nothing goes to it until `cooldownMs` has passed;
 * then it is half-open and exactly one caller gets to send one probe message. The probe's
 * success closes it again; its failure reopens it for another cool-down. A probe whose sender
 * died is given to another caller after `probeTimeoutMs`.
 */
import type { Redis } from 'ioredis';

/** What a caller may do with the relay now. */
export type Gate = 'closed' | 'probe' | 'open';

export interface RelayBreaker {
  allow(): Promise<Gate>;
  /** The relay took a message (or answered for the recipient alone): close the circuit. */
  succeeded(): Promise<void>;
  /** The relay failed as a whole; `threshold` failures in a row open the circuit. */
  failed(threshold: number): Promise<Gate>;
}

export interface BreakerOptions {
  cooldownMs: number;
  probeTimeoutMs: number;
}

const nowLua = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// ARGV: cooldownMs, probeTimeoutMs
const allowLua = `${nowLua}
local s = redis.call('HMGET', KEYS[1], 'state', 'opened_at', 'probe_until')
if s[1] ~= 'open' and s[1] ~= 'half' then return 'closed' end
if s[1] == 'open' and now - tonumber(s[2]) < tonumber(ARGV[1]) then return 'open' end
if s[1] == 'half' and now < tonumber(s[3]) then return 'open' end
redis.call('HSET', KEYS[1], 'state', 'half', 'probe_until', now + tonumber(ARGV[2]))
return 'probe'`;

// ARGV: threshold
const failLua = `${nowLua}
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'open' then return 'open' end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
if state == 'half' or failures >= tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'state', 'open', 'opened_at', now, 'failures', 0)
  return 'open'
end
return 'closed'`;

/** Where a Presswire installation (a Redis key prefix) keeps one relay's circuit. */
export const relayBreakerKey = (prefix: string, relay: string): string => `${prefix}:relay:${relay}:breaker`;

export function createRelayBreaker(redis: Redis, key: string, options: BreakerOptions): RelayBreaker {
  // Whether this process may have left a failure count behind: successes clear it then, and
  // cost no round trip otherwise.
  let dirty = true;
  return {
    async allow() {
      const gate = (await redis.eval(allowLua, 1, key, String(options.cooldownMs), String(options.probeTimeoutMs))) as Gate;
      if (gate !== 'closed') dirty = true;
      return gate;
    },
    async succeeded() {
      if (!dirty) return;
      await redis.del(key);
      dirty = false;
    },
    async failed(threshold) {
      dirty = true;
      return (await redis.eval(failLua, 1, key, String(threshold))) as Gate;
    },
  };
}
