/**
 * Where the parts meet: every process (API, workers, both) builds one Context from
 * its Config. All wiring is here, in plain sight.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { accountsKey, createSecretBox, type SecretBox } from './accounts/secret-box.js';
import { loadOrCreateSecret } from './auth/data-files.js';
import type { Config } from './config.js';
import { migrate, openDatabase, type Db } from './db/client.js';
import { AppError } from './errors.js';
import { createLogger, type Logger } from './logger.js';
import { assertRedisReachable, connectedRedis } from './queue/connection.js';
import { createQueues, type Queues } from './queue/queues.js';
import { createTokenSigner, type TokenSigner } from './tokens/tokens.js';
import { checkEvictionPolicy } from './queue/redis-checks.js';
import { randomBytes } from 'node:crypto';

export interface Context {
  config: Config;
  logger: Logger;
  db: Db;
  redis: Redis;
  queues: Queues;
  tokens: TokenSigner;
  /** Seals social account credentials. */
  secretBox: SecretBox;
  clock: { now(): number };
  /** Names this process in leases and attempt records. */
  processId: string;
  close(): Promise<void>;
}

export interface ContextOptions {
  logger?: Logger;
}

export async function createContext(config: Config, options: ContextOptions = {}): Promise<Context> {
  const logger = options.logger ?? createLogger(config.log);
  // The database, the outbox and the secrets live here: this user's alone, whatever the umask.
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  try {
    chmodSync(config.dataDir, 0o700);
  } catch (err) {
    logger.warn({ dir: config.dataDir, err }, 'cannot make the data directory private to this user; check its owner and mode');
  }
  await assertRedisReachable(config.redis.url);
  const redis = await connectedRedis(config.redis.url, 'producer');
  redis.on('error', (err) => logger.debug({ err }, 'redis connection error'));
  await checkEvictionPolicy(redis, config.redis.allowEviction, logger);

  const db = openDatabase(config.database);
  try {
    await migrate(db);
  } catch (err) {
    redis.disconnect();
    await db.close();
    throw err instanceof AppError ? err : new AppError('UNAVAILABLE', `Cannot open the database at ${db.location}: ${(err as Error).message}`, { cause: err });
  }
  const queues = createQueues(redis, config.redis.prefix);
  const secret = loadOrCreateSecret(config.dataDir, config.secret);
  const tokens = createTokenSigner(secret);
  const secretBox = createSecretBox(accountsKey(secret, config.social.accountsKey));
  return {
    config,
    logger,
    db,
    redis,
    queues,
    tokens,
    secretBox,
    clock: { now: () => Date.now() },
    processId: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    async close() {
      await queues.close();
      redis.disconnect();
      await db.close();
    },
  };
}
