/**
 * The application in-process for integration tests: real Redis under a prefix of its
 * own, a real database (SQLite file or a fresh PostgreSQL database), the API built
 * for `inject()`, and workers sending to a real SMTP server in the test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { startWorkers, type Workers } from '../../workers/index.js';
import { buildApp } from '../../src/api/app.js';
import { registerAdminToken } from '../../src/auth/api-tokens.js';
import { writeAdminToken } from '../../src/auth/data-files.js';
import { loadConfig } from '../../src/config.js';
import { createContext, type Context } from '../../src/context.js';
import { createLogger } from '../../src/logger.js';
import { startInbound } from '../../src/inbound/start.js';
import { startOutbox } from '../../src/outbox/outbox-server.js';
import type { DistributionReport } from '../../src/tracking/report.js';
import { createPostgresDatabase, type TestDatabaseKind, type TestPostgres } from './databases.js';
import { deletePrefix, testRedisUrl, uniquePrefix } from './redis.js';
import { until } from './wait.js';

export interface TestApp {
  ctx: Context;
  app: FastifyInstance;
  workers: Workers | undefined;
  token: string;
  dataDir: string;
  env: Record<string, string>;
  /** The inbound SMTP endpoint's port, when it runs (option `inbound`, or INBOUND_SMTP_PORT set). */
  inboundPort: number | undefined;
  /** Call the API as the admin; parses JSON. */
  api<T = unknown>(method: InjectOptions['method'], url: string, options?: { json?: unknown; body?: string | Buffer; contentType?: string; headers?: Record<string, string> }): Promise<{ status: number; body: T }>;
  /** The same, with another token. */
  as(token: string): ApiClient;
  startWorkers(): Promise<Workers>;
  close(): Promise<void>;
}

/** What the scenario helpers need: the in-process app, or a real server over HTTP (`httpApi`). */
export type ApiClient = Pick<TestApp, 'api'>;

type ApiOptions = NonNullable<Parameters<TestApp['api']>[2]>;

/** Headers and payload of an API call as the admin: JSON, or a raw body (CSV by default). */
export function apiRequest(token: string, opts: ApiOptions): { headers: Record<string, string>; payload?: string | Buffer } {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...opts.headers };
  if (opts.json !== undefined) return { headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(opts.json) };
  if (opts.body !== undefined) return { headers: { ...headers, 'content-type': opts.contentType ?? 'text/csv' }, payload: opts.body };
  return { headers };
}

function injector(app: FastifyInstance, token: string): TestApp['api'] {
  return async (method, url, opts = {}) => {
    const { headers, payload } = apiRequest(token, opts);
    const res = await app.inject({ method, url, headers, payload });
    const type = String(res.headers['content-type'] ?? '');
    return { status: res.statusCode, body: (type.includes('json') ? res.json() : res.body) as never };
  };
}

export interface TestAppOptions {
  database: TestDatabaseKind;
  smtpPort?: number;
  env?: Record<string, string>;
  workers?: boolean;
  /** Run the development outbox (no SMTP_URL): mail the API sends itself, such as sign-in links, lands in `ctx.config.outbox.dir`. */
  outbox?: boolean;
  /** Run the inbound SMTP endpoint (bounces, complaints, replies) on a free port. */
  inbound?: boolean;
  /** Every log line, at debug level (for tests that read what the process logs). */
  log?: (line: string) => void;
}

export const testToken = 'pw_test_admin_token_0123456789';

export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'presswire-test-'));
  const prefix = uniquePrefix();
  const pg: TestPostgres | undefined = options.database === 'postgres' ? await createPostgresDatabase() : undefined;
  const env: Record<string, string> = {
    PRESSWIRE_DATA_DIR: dataDir,
    REDIS_URL: testRedisUrl,
    REDIS_PREFIX: prefix,
    PUBLIC_URL: 'https://press.example.org',
    MAIL_FROM: 'Harbor Newsroom <newsroom@press.example.org>',
    ORG_NAME: 'Harbor Legal Aid',
    ORG_ADDRESS: '100 Harbor Drive, San Diego, CA 92101',
    LOG_LEVEL: process.env.PRESSWIRE_TEST_LOG_LEVEL ?? 'silent',
    RECONCILE_INTERVAL_MS: '60000',
    // Cheap password hashes; an API limit the 50 ms polling of long tests stays under.
    PASSWORD_HASH_COST: 'test',
    RATE_LIMIT_API: '100000',
    ...(options.smtpPort ? { SMTP_URL: `smtp://127.0.0.1:${options.smtpPort}` } : {}),
    ...(pg ? { DATABASE_URL: pg.url } : {}),
    ...options.env,
  };
  const config = loadConfig(env);
  const logger = options.log ? createLogger({ level: 'debug', format: 'json', write: options.log }) : createLogger({ level: config.log.level, format: 'json' });
  const ctx = await createContext(config, { logger });
  // The data directory holds it too, as a real install's would: a server started on it keeps it.
  writeAdminToken(dataDir, testToken);
  await registerAdminToken(ctx.db, testToken);
  const outbox = options.outbox ? await startOutbox({ ...config.outbox, port: 0, logger }) : undefined;
  const app = await buildApp(ctx, { outboxPort: outbox?.port });
  const inbound = options.inbound || config.inbound.port !== undefined ? await startInbound(ctx, { port: config.inbound.port ?? 0, outboxPort: outbox?.port }) : undefined;
  let workers: Workers | undefined = options.workers === false ? undefined : await startWorkers(ctx);

  return {
    ctx,
    app,
    get workers() {
      return workers;
    },
    token: testToken,
    dataDir,
    env,
    inboundPort: inbound?.port,
    api: injector(app, testToken),
    as: (token) => ({ api: injector(app, token) }),
    async startWorkers() {
      workers = await startWorkers(ctx);
      return workers;
    },
    async close() {
      await workers?.close(1000);
      await app.close();
      await inbound?.close();
      await outbox?.close();
      await ctx.close();
      await deletePrefix(prefix);
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Poll the API until the distribution owes nothing more (what `send --wait` does). */
export async function waitForDistribution<T extends { done: boolean } = DistributionReport>(t: ApiClient, id: string, timeoutMs = 60_000): Promise<T> {
  return until(async () => (await t.api<T>('GET', `/api/v1/distributions/${id}`)).body, (r) => r.done, timeoutMs);
}
