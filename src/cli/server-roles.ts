/**
 * Running the server roles in this process. Loaded only when a role starts, so the
 * CLI's client commands stay quick to launch.
 */
import { startWorkers, type Workers } from '../../workers/index.js';
import { startApiServer, type ApiServer } from '../api/server.js';
import { adminTokenFile, loadOrCreateAdminToken } from '../auth/data-files.js';
import { registerAdminToken } from '../auth/api-tokens.js';
import { loadConfig } from '../config.js';
import { createContext, type Context } from '../context.js';
import { startOutbox, type Outbox } from '../outbox/outbox-server.js';

interface Running {
  ctx: Context;
  api?: ApiServer;
  workers?: Workers;
  outbox?: Outbox;
}

/** SIGTERM/SIGINT: stop taking work, let in-flight sends finish, close everything, exit 0. */
function onSignals(running: Running): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.ctx.logger.info('shutting down', { signal });
    await running.api?.close();
    await running.workers?.close();
    await running.outbox?.close();
    await running.ctx.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

export async function startRoles(roles: { api: boolean; workers: boolean; outbox: boolean }, options: { concurrency?: number } = {}): Promise<Running> {
  const config = loadConfig();
  const ctx = await createContext(config);
  const running: Running = { ctx };
  onSignals(running);
  if (roles.outbox && config.outbox.enabled) {
    running.outbox = await startOutbox({ ...config.outbox, logger: ctx.logger });
  }
  if (roles.api) {
    await registerAdminToken(ctx.db, loadOrCreateAdminToken(config.dataDir));
    running.api = await startApiServer(ctx);
  }
  if (roles.workers) running.workers = await startWorkers(ctx, { ...options, outboxPort: running.outbox?.port });
  return running;
}

export function banner(running: Running, title: string): string {
  const { config } = running.ctx;
  const lines = [
    title,
    running.api ? `  API and pages   ${running.api.url}  (health: ${running.api.url}/healthz)` : '',
    `  database        ${running.ctx.db.dialect === 'sqlite' ? `SQLite ${running.ctx.db.location}` : `PostgreSQL ${running.ctx.db.location}`}`,
    `  redis           ${config.redis.url} (prefix "${config.redis.prefix}")`,
    `  data directory  ${config.dataDir}`,
    running.api ? `  admin token     ${adminTokenFile(config.dataDir)} (the CLI on this machine reads it)` : '',
    running.outbox
      ? `  mail            development outbox: smtp://${config.outbox.host}:${running.outbox.port}, files in ${config.outbox.dir}${running.api ? `, pages at ${running.api.url}/outbox` : ''}`
      : `  mail            ${config.smtp.url ? `relay ${new URL(config.smtp.url).host}` : `outbox at smtp://${config.outbox.host}:${config.outbox.port}`}`,
    running.workers ? `  workers         plan + email (concurrency ${config.worker.concurrency}, SMTP pool ${config.smtp.poolSize})` : '',
  ];
  return `${lines.filter(Boolean).join('\n')}\n`;
}

