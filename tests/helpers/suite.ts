/**
 * The common frame of a delivery test file: an SMTP sink, the application sending to
 * it, optionally a finalized release, and their clean-up — registered as vitest hooks.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { sendRateKey } from '../../src/queue/send-rate.js';
import type { TestDatabaseKind } from './databases.js';
import { seedRelease } from './scenario.js';
import { SmtpSink } from './smtp-sink.js';
import { startTestApp, type TestApp } from './test-app.js';

export interface Suite {
  sink: SmtpSink;
  readonly t: TestApp;
  /** A finalized release, when asked for. */
  readonly releaseId: string;
}

export function appWithSink(options: { database: TestDatabaseKind; env?: Record<string, string>; workers?: boolean; release?: boolean; inbound?: boolean; sinkAuth?: boolean; smtpUrl?: (port: number) => string }): Suite {
  const sink = new SmtpSink();
  let t: TestApp | undefined;
  let releaseId = '';
  beforeAll(async () => {
    await sink.start({ requireAuth: options.sinkAuth });
    const smtp = options.smtpUrl ? { env: { ...options.env, SMTP_URL: options.smtpUrl(sink.port) } } : { smtpPort: sink.port, env: options.env };
    t = await startTestApp({ database: options.database, workers: options.workers, inbound: options.inbound, ...smtp });
    if (options.release) releaseId = await seedRelease(t);
  });
  afterEach(async () => {
    sink.script = {};
    // A relay's complaints in one test must not slow the next one down.
    await t?.ctx.redis.del(sendRateKey(t.ctx.config.redis.prefix));
  });
  afterAll(async () => {
    await t?.close();
    await sink.close();
  });
  return {
    sink,
    get t() {
      return t!;
    },
    get releaseId() {
      return releaseId;
    },
  };
}
