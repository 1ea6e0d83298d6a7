/**
 * The email send rate, shared by every worker process through Redis, and adapted to what
 * the relay says (additive increase, multiplicative decrease, as Postfix's destination
 * concurrency feedback does): unlimited until the relay asks us to slow down (421, a 4.7.x
 * rate code, "throttling"); then held at the rate it was accepting, and cut in half, at most
 * once a second, while it keeps asking; raised again by a tenth of itself for each second's
 * worth of good replies; and lifted after `liftAfterMs` without a complaint. A relay that
 * throttles above R messages a second therefore sees us settle just under R instead of
 * stopping for a fixed minute.
 *
 * Pacing is a shared schedule of send slots (GCRA): each window takes the slots it needs and
 * sends each message at its own slot, so processes never burst past the rate together.
 */
import type { Redis } from 'ioredis';

export interface SendRate {
  /** Reserve `n` send slots; resolves with each slot's delay from now (ms), all 0 while unlimited. */
  take(n: number): Promise<number[]>;
  /** The relay asked us to slow down; `observed` is the rate it was accepting from us (messages/s), where a first limit starts. */
  slowDown(observed: number): Promise<number>;
  /** `n` messages were accepted with no slow-down in their window. */
  speedUp(n: number): Promise<number | undefined>;
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
if not rate then return {'0', '0'} end
local interval = 1000 / rate
local tat = tonumber(redis.call('HGET', KEYS[1], 'tat')) or now
if tat < now then tat = now end
redis.call('HSET', KEYS[1], 'tat', tostring(tat + tonumber(ARGV[1]) * interval))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {tostring(tat - now), tostring(interval)}`;

const slowDownLua = `${nowLua}
local rate = tonumber(redis.call('HGET', KEYS[1], 'rate'))
local cut = tonumber(redis.call('HGET', KEYS[1], 'cut_at')) or 0
if rate and now - cut < 1000 then return tostring(rate) end
if rate then rate = rate / 2 else rate = tonumber(ARGV[1]) end
rate = math.max(tonumber(ARGV[2]), rate)
redis.call('HSET', KEYS[1], 'rate', tostring(rate), 'cut_at', tostring(now))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return tostring(rate)`;

const speedUpLua = `${nowLua}
local rate = tonumber(redis.call('HGET', KEYS[1], 'rate'))
if not rate then return false end
if now - tonumber(redis.call('HGET', KEYS[1], 'cut_at') or '0') >= tonumber(ARGV[3]) then
  redis.call('DEL', KEYS[1])
  return false
end
rate = rate + tonumber(ARGV[1]) * 0.1
redis.call('HSET', KEYS[1], 'rate', tostring(rate))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return tostring(rate)`;

/** Where a Presswire installation (a Redis key prefix) keeps its email send rate. */
export const sendRateKey = (prefix: string): string => `${prefix}:email-send-rate`;

export function createSendRate(redis: Redis, key: string, options: SendRateOptions): SendRate {
  const idle = String(options.idleMs);
  const num = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));
  return {
    async take(n) {
      const [start, interval] = (await redis.eval(takeLua, 1, key, String(n), idle)) as [string, string];
      return Array.from({ length: n }, (_, i) => Math.ceil(Number(start) + i * Number(interval)));
    },
    async slowDown(observed) {
      return Number(await redis.eval(slowDownLua, 1, key, String(observed), String(options.minRate), idle));
    },
    async speedUp(n) {
      return num(await redis.eval(speedUpLua, 1, key, String(n), idle, String(options.liftAfterMs)));
    },
    async current() {
      return num(await redis.hget(key, 'rate'));
    },
  };
}

/**
 * This process's sends over the last second: where a first limit starts. What the relay
 * accepted is the best estimate of its limit; when it accepted nothing, half of what we tried.
 */
export class RateMeter {
  private readonly events: { at: number; tried: number; accepted: number }[] = [];
  constructor(private readonly clock: { now(): number } = Date) {}

  add(tried: number, accepted: number): void {
    if (tried > 0) this.events.push({ at: this.clock.now(), tried, accepted });
    this.trim();
  }

  /** Messages a second the relay would take, judging by the last second. */
  perSecond(): number {
    this.trim();
    const sum = (key: 'tried' | 'accepted') => this.events.reduce((n, e) => n + e[key], 0);
    return Math.max(sum('accepted'), sum('tried') / 2);
  }

  private trim(): void {
    const since = this.clock.now() - 1000;
    while (this.events.length > 0 && this.events[0]!.at < since) this.events.shift();
  }
}
