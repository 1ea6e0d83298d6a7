/**
 * Running the server roles in this process. Loaded only when a role starts, so the
 * CLI's client commands stay quick to launch.
 */
import { startWorkers, type Workers } from '../../workers/index.js';
import { startApiServer, type ApiServer } from '../api/server.js';
import { adminTokenFile, loadOrCreateAdminToken } from '../auth/data-files.js';
import { registerAdminToken } from '../auth/api-tokens.js';
import { firstAdminLink } from '../people/first-admin.js';
import { loadConfig } from '../config.js';
import { startMetricsListener, type MetricsListener } from '../metrics/listener.js';
import { createContext, type Context } from '../context.js';
import type { InboundServer } from '../inbound/inbound-server.js';
import { defaultInboundPort, startInbound } from '../inbound/start.js';
import { startOutbox, type Outbox } from '../outbox/outbox-server.js';
import { startWorkerProcesses, type WorkerProcesses } from './worker-processes.js';

interface Running {
  ctx: Context;
  api?: ApiServer;
  /** The one-time link that creates the first administrator, while there is none. */
  firstAdmin?: { url: string; expiresAt: number };
  workers?: Workers;
  workerProcesses?: WorkerProcesses;
  outbox?: Outbox;
  metrics?: MetricsListener;
  inbound?: InboundServer;
}

/** SIGTERM/SIGINT: stop taking work, let in-flight sends finish, close everything, exit 0. */
function onSignals(running: Running): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.ctx.logger.info({ signal }, 'shutting down');
    await running.inbound?.close();
    await running.api?.close();
    await running.workerProcesses?.stop();
    await running.workers?.close();
    await running.outbox?.close();
    await running.metrics?.close();
    await running.ctx.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

export interface RoleOptions {
  concurrency?: number;
  /** Extra worker processes beside this one. */
  workerProcesses?: number;
}

/**
 * The endpoint on its embedded default port is a convenience: when another process holds that
 * port (a second `presswire start` on this machine), this one runs without it. A port asked
 * for with INBOUND_SMTP_PORT must be had.
 */
async function inboundOrNot(ctx: Context, outboxPort: number | undefined): Promise<InboundServer | undefined> {
  try {
    return await startInbound(ctx, { outboxPort });
  } catch (err) {
    if (ctx.config.inbound.port !== undefined || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    ctx.logger.warn({ port: defaultInboundPort }, 'the default inbound mail port is in use; running without the inbound endpoint (set INBOUND_SMTP_PORT)');
    return undefined;
  }
}

/** The inbound SMTP endpoint: always in `start` and `inbound`; in `serve` when INBOUND_SMTP_PORT is set; never in `worker`. */
export type InboundRole = 'on' | 'when-set' | 'off';

export async function startRoles(roles: { api: boolean; workers: boolean; outbox: boolean; inbound?: InboundRole }, options: RoleOptions = {}): Promise<Running> {
  const config = loadConfig();
  const ctx = await createContext(config);
  const running: Running = { ctx };
  onSignals(running);
  if (roles.outbox && config.outbox.enabled) {
    running.outbox = await startOutbox({ ...config.outbox, logger: ctx.logger });
  }
  if (roles.api) {
    await registerAdminToken(ctx.db, loadOrCreateAdminToken(config.dataDir));
    running.api = await startApiServer(ctx, { outboxPort: running.outbox?.port });
    running.firstAdmin = await firstAdminLink({ db: ctx.db, publicUrl: config.publicUrl });
  }
  const { token, port, host } = config.metrics;
  if (token && port !== undefined) running.metrics = await startMetricsListener(running.ctx, { host, port, token });
  if (roles.inbound === 'on' || (roles.inbound === 'when-set' && config.inbound.port !== undefined)) {
    running.inbound = await inboundOrNot(ctx, running.outbox?.port);
  }
  if (roles.workers) running.workers = await startWorkers(ctx, { concurrency: options.concurrency, outboxPort: running.outbox?.port });
  if (options.workerProcesses) {
    // Children send to this process's outbox when there is no relay, on the port it really got.
    const env = {
      ...process.env,
      ...(running.outbox ? { OUTBOX_PORT: String(running.outbox.port) } : {}),
      // The metrics describe the whole installation: this process's listener serves them, not each child's.
      METRICS_PORT: '',
      ...(options.concurrency ? { WORKER_CONCURRENCY: String(options.concurrency) } : {}),
    };
    running.workerProcesses = startWorkerProcesses(options.workerProcesses, env, ctx.logger);
  }
  return running;
}

export function banner(running: Running, title: string, options: RoleOptions = {}): string {
  const { config } = running.ctx;
  const lines = [
    title,
    running.api ? `  dashboard       ${running.api.url}/  (sign in; on a first run, with the link below)` : '',
    running.api ? `  API             ${running.api.url}/api/v1  (docs: ${running.api.url}/api/docs, health: ${running.api.url}/healthz)` : '',
    `  database        ${running.ctx.db.dialect === 'sqlite' ? `SQLite ${running.ctx.db.location}` : `PostgreSQL ${running.ctx.db.location}`}`,
    `  redis           ${config.redis.url} (prefix "${config.redis.prefix}")`,
    `  data directory  ${config.dataDir}`,
    running.api ? `  admin token     ${adminTokenFile(config.dataDir)} (the CLI on this machine reads it)` : '',
    running.outbox
      ? `  mail            development outbox: smtp://${config.outbox.host}:${running.outbox.port}, files in ${config.outbox.dir}${running.api ? `, pages at ${running.api.url}/outbox` : ''}`
      : `  mail            ${config.smtp.url ? `relay ${new URL(config.smtp.url).host}` : `outbox at smtp://${config.outbox.host}:${config.outbox.port}`}`,
    running.inbound ? `  inbound mail    smtp://${config.inbound.host}:${running.inbound.port} (bounces, complaints${config.inbound.replyDomain ? ', replies' : ''}; point the MX of ${config.inbound.bounceDomain ?? 'your sender\'s domain'} here)` : '',
    running.workers
      ? `  workers         plan + email (concurrency ${config.worker.concurrency}, SMTP pool ${config.smtp.poolSize})${running.workerProcesses ? ` + ${options.workerProcesses} worker process(es)` : ''}`
      : '',
    running.metrics ? `  metrics         http://${config.metrics.host}:${running.metrics.port}/metrics (bearer METRICS_TOKEN)` : '',
    // On stdout only, never in the log: the link is a credential until it is used.
    running.firstAdmin ? `\nCreate the first administrator: ${running.firstAdmin.url} (valid ${Math.round((running.firstAdmin.expiresAt - Date.now()) / 3600_000)} h)` : '',
  ];
  return `${lines.filter(Boolean).join('\n')}\n`;
}

