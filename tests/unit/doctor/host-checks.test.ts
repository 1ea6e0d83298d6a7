/** The installation checks against real services: a Redis that evicts, the data directory's disk, PUBLIC_URL. */
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDisk, checkPublicUrl, checkRedisEviction } from '../../../src/doctor/host-checks.js';
import { startOwnRedis, type OwnRedis } from '../../helpers/redis-server.js';

describe('installation checks', () => {
  let evicting: OwnRedis;
  let client: Redis;
  beforeAll(async () => {
    evicting = await startOwnRedis({ maxmemoryPolicy: 'allkeys-lru' });
    client = new Redis(evicting.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
  });
  afterAll(async () => {
    client?.disconnect();
    await evicting?.close();
  });

  it('fails a Redis that may evict keys, naming its policy and the setting to change', async () => {
    expect(await checkRedisEviction(client)).toMatchObject({ status: 'fail', detail: expect.stringContaining('"allkeys-lru"'), fix: expect.stringContaining('maxmemory-policy noeviction') });
    await client.config('SET', 'maxmemory-policy', 'noeviction');
    expect((await checkRedisEviction(client)).status).toBe('pass');
  });

  it('reports the free space under the data directory', async () => {
    expect(await checkDisk(tmpdir())).toMatchObject({ check: 'disk', detail: expect.stringMatching(/(GiB|MiB) free under the data directory/) });
  });

  it('warns about a PUBLIC_URL over plain http', () => {
    expect(checkPublicUrl('https://press.example.org').status).toBe('pass');
    expect(checkPublicUrl('http://press.example.org')).toMatchObject({ status: 'warn', fix: expect.stringContaining('https://') });
  });
});
