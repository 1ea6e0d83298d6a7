import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * BullMQ is only correct when Redis never evicts keys: an evicted job or lock loses or
 * duplicates work. Refuse to start on any other policy unless told otherwise.
 */
export async function checkEvictionPolicy(redis: Redis, allowEviction: boolean, logger: Logger): Promise<void> {
  let policy: string | undefined;
  try {
    policy = await evictionPolicy(redis);
  } catch (err) {
    logger.warn({ err }, 'could not read Redis maxmemory-policy (CONFIG is disabled?); make sure it is "noeviction"');
    return;
  }
  if (policy === undefined || policy === 'noeviction') return;
  const message =
    `Redis maxmemory-policy is "${policy}", but Presswire needs "noeviction": with eviction, Redis may drop queued ` +
    'jobs and locks under memory pressure, losing or duplicating sends. Set "maxmemory-policy noeviction" in redis.conf ' +
    '(or run: redis-cli CONFIG SET maxmemory-policy noeviction). If you know why you want eviction, start with REDIS_ALLOW_EVICTION=true.';
  if (!allowEviction) throw new AppError('CONFIG', message);
  logger.warn(message);
}

/** Redis's maxmemory-policy; throws when CONFIG is disabled (some managed services). */
export async function evictionPolicy(redis: Redis): Promise<string | undefined> {
  const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
  return reply[1];
}
