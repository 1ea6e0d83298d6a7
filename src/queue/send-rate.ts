/**
 * The email send rate, shared by every worker process through Redis, and adapted to what
 * the relay says (additive increase, multiplicative decrease, as Postfix's destination
 * concurrency feedback does). Unlimited until the relay asks us to slow down (421, a 4.7.x
 * rate code, "throttling"); then limited to what it was accepting from all of us, less a
 * share for the complaints; after that each window of replies sent since the last cut
 * lowers the limit in proportion to the share it throttled (a window throttled whole halves
 * it) — windows sent before the cut were answered at the old rate and do not cut again —
 * and each message accepted raises it by a tenth of a message a second (about 10% a second
 * at full pace); the limit is lifted after
 * `liftAfterMs` without a complaint. A relay that throttles above R messages a second sees
 * us settle just under R; a relay that throttles one message in a hundred barely slows us.
 *
 * Pacing is a shared schedule of send slots (GCRA): each window takes the slots it needs and
 * sends each message at its own slot, so processes never burst past the rate together.
 */
import type { Redis } from 'ioredis';

export interface WindowReplies {
  /** When the window's slots were taken (`Slots.at`): complaints about sends made before the last cut do not cut again. */
  sentAt: number;
  /** Replies in the window. */
  total: number;
  accepted: number;
  /** Replies that asked us to slow down. */
  throttled: number;
}

export interface Slots {
  /** Each message's delay from now (ms), all 0 while unlimited. */
  delays: number[];
  /** When they were taken, on the shared clock. */
  at: number;
}

export interface SendRate {
  /** Reserve `n` send slots. */
  take(n: number): Promise<Slots>;
  /** Tell the rate how a window went; resolves with the limit now (messages/s), undefined while unlimited. */
  record(replies: WindowReplies): Promise<number | undefined>;
  /** The current limit (messages/s), or undefined while unlimited. */
  current(): Promise<number | undefined>;
}

export interface SendRateOptions {
  /** Never paced slower than this (messages/s). */
  minRate: number;
  /** Lift the limit after this long without a slow-down. */
  liftAfterMs: number;
  /** Forget a limit nobody touched for this long (a crashed run's leftovers). */
  idleMs: number;
}

// All arithmetic happens in Redis, on Redis's clock, so processes agree on the schedule.
const nowLua = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

const takeLua = `${nowLua}
local rate = tonumber(redis.call('HGET', KEYS[1], 'rate'))
if not rate then return {'0', '0', tostring(now)} end
local interval = 1000 / rate
local tat = tonumber(redis.call('HGET', KEYS[1], 'tat')) or now
if tat < now then tat = now end
redis.call('HSET', KEYS[1], 'tat', tostring(tat + tonumber(ARGV[1]) * interval))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {tostring(tat - now), tostring(interval), tostring(now)}`;

// KEYS[1]: the limit; KEYS[2]: a sliding count of replies over about a second, by everyone.
// ARGV: total, accepted, throttled, minRate, liftAfterMs, idleMs, sentAt.
const recordLua = `${nowLua}
local total, accepted, throttled = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local sec = math.floor(now / 1000)
local seen = redis.call('HMGET', KEYS[2], 'sec', 'acc', 'tried', 'prev_acc', 'prev_tried')
local csec, acc, tried = tonumber(seen[1]) or 0, tonumber(seen[2]) or 0, tonumber(seen[3]) or 0
local pacc, ptried = tonumber(seen[4]) or 0, tonumber(seen[5]) or 0
if sec == csec + 1 then pacc, ptried, acc, tried = acc, tried, 0, 0
elseif sec ~= csec then pacc, ptried, acc, tried = 0, 0, 0, 0 end
acc, tried = acc + accepted, tried + total
redis.call('HSET', KEYS[2], 'sec', sec, 'acc', acc, 'tried', tried, 'prev_acc', pacc, 'prev_tried', ptried)
redis.call('PEXPIRE', KEYS[2], 5000)

local rate = tonumber(redis.call('HGET', KEYS[1], 'rate'))
local cut = tonumber(redis.call('HGET', KEYS[1], 'cut_at') or '0')
if throttled > 0 and rate and tonumber(ARGV[7]) < cut then return tostring(rate) end
if throttled > 0 then
  local share = 1 - 0.5 * throttled / total
  if not rate then
    local left = 1 - (now % 1000) / 1000
    -- What the relay accepted lately; half of what we tried when it accepted nothing.
    rate = math.max(acc + pacc * left, (tried + ptried * left) / 2)
  end
  rate = math.max(tonumber(ARGV[4]), rate * share)
  redis.call('HSET', KEYS[1], 'rate', tostring(rate), 'cut_at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], ARGV[6])
  return tostring(rate)
end
if not rate then return false end
if now - cut >= tonumber(ARGV[5]) then
  redis.call('DEL', KEYS[1])
  return false
end
rate = rate + accepted * 0.1
redis.call('HSET', KEYS[1], 'rate', tostring(rate))
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return tostring(rate)`;

/** Where a Presswire installation (a Redis key prefix) keeps its email send rate. */
export const sendRateKey = (prefix: string): string => `${prefix}:email-send-rate`;

export function createSendRate(redis: Redis, key: string, options: SendRateOptions): SendRate {
  const idle = String(options.idleMs);
  const num = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));
  // What this process last heard, refreshed by every window's record(): while the rate is
  // unlimited a window costs one round trip to Redis, not three. A limit set by another
  // process is seen one window late.
  let heard: { rate: number | undefined } | undefined;
  return {
    async take(n) {
      if (heard && heard.rate === undefined) return { delays: new Array<number>(n).fill(0), at: Date.now() };
      const [start, interval, at] = (await redis.eval(takeLua, 1, key, String(n), idle)) as [string, string, string];
      return { delays: Array.from({ length: n }, (_, i) => Math.ceil(Number(start) + i * Number(interval))), at: Number(at) };
    },
    async record({ sentAt, total, accepted, throttled }) {
      const args = [total, accepted, throttled, options.minRate, options.liftAfterMs, options.idleMs, sentAt].map(String);
      heard = { rate: num(await redis.eval(recordLua, 2, key, `${key}:replies`, ...args)) };
      return heard.rate;
    },
    async current() {
      if (heard) return heard.rate;
      heard = { rate: num(await redis.hget(key, 'rate')) };
      return heard.rate;
    },
  };
}
