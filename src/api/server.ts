/** Listens: the only place the HTTP application meets a socket. */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { buildApp, type AppOptions } from './app.js';

export interface ApiServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export async function startApiServer(ctx: Context, options: AppOptions = {}): Promise<ApiServer> {
  const app = await buildApp(ctx, options);
  await app.listen({ host: ctx.config.http.host, port: ctx.config.http.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : ctx.config.http.port;
  const host = ctx.config.http.host.includes(':') ? `[${ctx.config.http.host}]` : ctx.config.http.host;
  return { app, url: `http://${host}:${port}`, close: () => app.close() };
}
