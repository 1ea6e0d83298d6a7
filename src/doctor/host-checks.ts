/** The installation around the mail: its public address, Redis's eviction policy, disk space. */
import { statfs } from 'node:fs/promises';
import type { Redis } from 'ioredis';
import { evictionPolicy } from '../queue/redis-checks.js';
import { fail, pass, warn, type Finding } from './findings.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const diskLimits = { warnBelow: GiB, failBelow: 100 * MiB };

export function checkPublicUrl(publicUrl: string): Finding {
  if (new URL(publicUrl).protocol === 'https:') return pass('public-url', `PUBLIC_URL is ${publicUrl}`);
  return warn('public-url', `PUBLIC_URL is ${publicUrl}: unsubscribe, tracking and newsroom links in mail go over plain http (browsers warn, some mail filters score it), and sign-in cookies are not Secure`, 'serve Presswire behind TLS and set PUBLIC_URL=https://…');
}

export async function checkRedisEviction(redis: Redis): Promise<Finding> {
  let policy: string | undefined;
  try {
    policy = await evictionPolicy(redis);
  } catch (err) {
    return warn('redis-eviction', `cannot read Redis's maxmemory-policy (${(err as Error).message}); CONFIG may be disabled`, 'make sure the Redis service is set to maxmemory-policy noeviction');
  }
  if (policy === undefined || policy === 'noeviction') return pass('redis-eviction', 'Redis never evicts keys (maxmemory-policy noeviction)');
  return fail('redis-eviction', `Redis's maxmemory-policy is "${policy}": under memory pressure it may drop queued jobs and locks, losing or duplicating sends`, 'set "maxmemory-policy noeviction" in redis.conf (or redis-cli CONFIG SET maxmemory-policy noeviction)');
}

const size = (bytes: number) => (bytes >= GiB ? `${(bytes / GiB).toFixed(1)} GiB` : `${Math.floor(bytes / MiB)} MiB`);

export async function checkDisk(dataDir: string): Promise<Finding> {
  const stats = await statfs(dataDir);
  const free = stats.bavail * stats.bsize;
  const detail = `${size(free)} free under the data directory ${dataDir}`;
  const fix = 'free space on that file system or move PRESSWIRE_DATA_DIR to a larger one: the database and outbox live there';
  if (free < diskLimits.failBelow) return fail('disk', `${detail} (less than ${size(diskLimits.failBelow)}): writes to the database may fail mid-send`, fix);
  if (free < diskLimits.warnBelow) return warn('disk', `${detail} (less than ${size(diskLimits.warnBelow)})`, fix);
  return pass('disk', detail);
}
