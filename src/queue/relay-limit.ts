/**
 * Each sending relay's limits (messages a second and a UTC day), held in Redis for every worker
 * process together. A Lua script rather than BullMQ's rate limiter: BullMQ limits jobs of a
 * queue, and one `email.send-batch` job sends a whole batch through whichever relay is up, so
 * the limit has to be taken per message, per relay. The script keeps a schedule of send slots
 * (GCRA, as src/queue/send-rate.ts does): each message takes the next slot, `interval` after
 * the last one, on Redis's clock, so processes never burst past the rate together; and it
 * counts the day's messages, refusing a slot once the day's limit is reached. At the slot, a
 * sliding window of the last second's sends admits the message (see `admit`).
 */
import type { Redis } from 'ioredis';

/** `at`: the slot on Redis's clock (ms), what every process's slots are spaced on. */
export type RelaySlot = { delayMs: number; at?: number } | { exhausted: true };

export interface RelayLimiter {
  /** Reserve the next send slot: wait `delayMs` before sending, or the day's limit is reached. */
  reserve(): Promise<RelaySlot>;
  /**
   * At the slot, just before sending: resolves once fewer than `rate` messages went out in the
   * last second, by anyone. The schedule alone cannot promise that: a worker whose event loop
   * was busy wakes late and would send its overdue messages together with the punctual ones.
   */
  admit(): Promise<void>;
}

export interface RelayLimits {
  rate?: number;
  daily?: number;
}

/**
 * Slots are spaced, and the admission window is, this much wider than the limit: the moment
 * the relay reads a message differs from its admission by a few milliseconds (the SMTP
 * exchange), and without a margin that could put a 51st message into the relay's second.
 * 1.5 % keeps the mean within a few per cent of the limit.
 */
export const slotMargin = 1.015;

// KEYS[1]: the slot schedule; KEYS[2]: the day's count. ARGV: interval ms (0: no rate), daily (0: none).
const reserveLua = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval, daily = tonumber(ARGV[1]), tonumber(ARGV[2])
local dayKey = KEYS[2] .. ':' .. math.floor(now / 86400000)
if daily > 0 and tonumber(redis.call('GET', dayKey) or '0') >= daily then return false end
redis.call('INCR', dayKey)
redis.call('PEXPIRE', dayKey, 172800000)
if interval == 0 then return {'0', tostring(now)} end
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
redis.call('SET', KEYS[1], string.format('%.3f', tat + interval), 'PX', math.ceil(tat - now + interval) + 1000)
return {string.format('%.3f', tat - now), string.format('%.3f', tat)}`;

// KEYS[1]: the sends of the last window (a sorted set by time). ARGV: window ms, rate, a unique member.
// Answers 0 when admitted, or how long to wait before asking again.
const admitLua = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local window, rate = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < rate then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window) + 1000)
  return '0'
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return string.format('%.3f', tonumber(oldest[2]) + window - now)`;

/** Where a Presswire installation (a Redis key prefix) keeps one relay's limits. */
export const relayLimitKey = (prefix: string, relay: string): string => `${prefix}:relay:${relay}:limit`;

export function createRelayLimiter(redis: Redis, key: string, limits: RelayLimits): RelayLimiter {
  const interval = limits.rate ? String((1000 / limits.rate) * slotMargin) : '0';
  const daily = String(limits.daily ?? 0);
  // Neither limit: nothing to share, no round trip.
  if (!limits.rate && !limits.daily) return { reserve: async () => ({ delayMs: 0 }), admit: async () => undefined };
  const rate = limits.rate ? String(Math.floor(limits.rate)) : undefined;
  let sent = 0;
  const member = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  return {
    async admit() {
      if (!rate) return;
      const id = `${member}-${sent++}`;
      for (;;) {
        const wait = Number(await redis.eval(admitLua, 1, `${key}:sent`, String(1000 * slotMargin), rate, id));
        if (wait <= 0) return;
        await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
      }
    },
    async reserve() {
      const answer = (await redis.eval(reserveLua, 2, `${key}:slots`, `${key}:day`, interval, daily)) as [string, string] | null;
      return answer ? { delayMs: Math.ceil(Number(answer[0])), at: Number(answer[1]) } : { exhausted: true };
    },
  };
}
