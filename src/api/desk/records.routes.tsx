/**
 * The desk's records: tracing a reference code to the copy it was printed in, and the audit
 * log. Both read through their use cases (`traceCode`, `readAuditLog`), which authorize.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { readAuditLog } from '../../auth/audit.js';
import type { Context } from '../../context.js';
import { AppError } from '../../errors.js';
import { traceCode } from '../../tracking/trace.js';
import { actorOf } from '../auth.js';
import { AuditLogPage } from '../../web/pages/AuditLog.js';
import { TracePage } from '../../web/pages/Trace.js';
import { pageContext } from './desk-scope.js';

const TraceQuery = z.object({ code: z.string().max(200).optional() }).catch({});

// A filter that is not one simply shows everything it would have narrowed.
const AuditQuery = z.object({
  action: z.string().trim().max(100).regex(/^[a-z0-9._-]+$/).optional().catch(undefined),
  target: z.string().trim().max(100).regex(/^[a-z]+_[0-9a-z]{25}$/).optional().catch(undefined),
  after: z.string().regex(/^aud_[0-9a-z]{25}$/).optional().catch(undefined),
});

const auditPage = 50;

export function deskRecordsRoutes(desk: FastifyInstance, ctx: Context): void {
  desk.get('/trace', async (request, reply) => {
    const page = await pageContext(ctx, request, reply);
    const { code } = TraceQuery.parse(request.query ?? {});
    if (code === undefined) return reply.html(<TracePage ctx={page} />);
    try {
      const trace = await traceCode(ctx.db, actorOf(request), code);
      return reply.html(<TracePage ctx={page} code={trace.code} trace={trace} />);
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'VALIDATION' && err.code !== 'NOT_FOUND')) throw err;
      const message = err.code === 'VALIDATION' ? page.t.settings.trace.malformed : page.t.settings.trace.unknown;
      return reply.code(400).html(<TracePage ctx={page} code={code} errors={[{ field: 'code', message }]} />);
    }
  });

  desk.get('/audit', async (request, reply) => {
    const { action, target, after } = AuditQuery.parse(request.query ?? {});
    // One row more than a page tells whether there is an older page.
    const rows = await readAuditLog(ctx.db, actorOf(request), { newestFirst: true, action, objectId: target, after, limit: auditPage + 1 });
    const entries = rows.slice(0, auditPage);
    const next = rows.length > auditPage ? entries.at(-1)!.id : undefined;
    const filter = { ...(action ? { action } : {}), ...(target ? { target } : {}) };
    return reply.html(<AuditLogPage ctx={await pageContext(ctx, request, reply)} entries={entries} filter={filter} next={next} />);
  });
}
