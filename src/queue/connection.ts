/**
 * Redis connections, following BullMQ's production advice: workers retry forever
 * (`maxRetriesPerRequest: null`); producers fail fast (`enableOfflineQueue: false`) so
 * the API can answer 503 instead of hanging while Redis is away.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { AppError } from '../errors.js';

export type RedisRole = 'worker' | 'producer';

export function redisOptions(role: RedisRole): RedisOptions {
  return role === 'worker'
    ? { maxRetriesPerRequest: null, enableReadyCheck: true }
    : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, commandTimeout: 1500 };
}

export function connectRedis(url: string, role: RedisRole): Redis {
  return new Redis(url, { ...redisOptions(role), lazyConnect: false });
}

/** Producers refuse commands until connected (no offline queue), so wait for that once at start. */
export async function connectedRedis(url: string, role: RedisRole): Promise<Redis> {
  const redis = connectRedis(url, role);
  if (redis.status !== 'ready') {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new AppError('UNAVAILABLE', howToGetRedis(url))), 5000);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return redis;
}

const howToGetRedis = (url: string) =>
  `Presswire needs Redis and none answered at ${url}. ` +
  'Start one with "docker compose up -d redis" (from this repository), or install your distribution\'s ' +
  'package (Debian/Ubuntu: "sudo apt-get install redis-server"; macOS: "brew install redis && brew services start redis"), ' +
  'or point REDIS_URL at a Redis you already run (for example REDIS_URL=redis://redis.internal:6379).';

/** Ping Redis once with a short deadline; on failure the message says how to get one. */
export async function assertRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: timeoutMs, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    throw new AppError('UNAVAILABLE', howToGetRedis(url), { cause: err });
  } finally {
    probe.disconnect();
  }
}
