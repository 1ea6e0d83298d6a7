import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const testRedisUrl = process.env.PRESSWIRE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of this test's own, so runs and files never see each other's queues. */
export const uniquePrefix = (): string => `pwtest-${randomBytes(5).toString('hex')}`;

/** Remove every key under a prefix (the suite never flushes a shared Redis). */
export async function deletePrefix(prefix: string, url = testRedisUrl): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
