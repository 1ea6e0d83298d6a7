import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { pingDatabase } from '../../db/client.js';

async function probe(check: () => Promise<unknown>): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const started = performance.now();
  try {
    await check();
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (err as Error).message };
  }
}

export function healthRoutes(app: FastifyInstance, ctx: Context): void {
  app.get('/healthz', async (_request, reply) => {
    const [redis, database] = await Promise.all([probe(() => ctx.redis.ping()), probe(() => pingDatabase(ctx.db))]);
    const ok = redis.ok && database.ok;
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', redis, database: { ...database, kind: ctx.db.dialect } });
  });
}
