/**
 * Recipients' tracking links: the open pixel `GET|HEAD /o/<token>.gif` and the click redirect
 * `GET|HEAD /c/<token>?url=<link>`. Neither is ever cached, neither sends a Referer on, and a
 * bad token or a link that was not in the message gets the same bare 404: nothing about the
 * delivery, and no redirect anywhere else (no open redirect).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { Context } from '../../context.js';
import { followClick, recordOpen, type Visit } from '../../tracking/opens-clicks.js';

// The smallest transparent GIF: 1×1, one colour.
const pixel = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const ClickQuery = z.object({ url: z.string().max(8000).optional() });

const visitOf = (request: FastifyRequest): Visit => ({ method: request.method, ip: request.ip, userAgent: request.headers['user-agent'] });

function unknownLink(reply: FastifyReply): FastifyReply {
  return reply.code(404).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('Not found.');
}

/** `limit`: the recipients' links rate limit, shared with the unsubscribe link. */
export function trackingRoutes(app: FastifyInstance, ctx: Context, limit: onRequestAsyncHookHandler): void {
  app.route<{ Params: { file: string } }>({
    method: ['GET', 'HEAD'],
    url: '/o/:file',
    onRequest: limit,
    handler: async (request, reply) => {
      const token = request.params.file.endsWith('.gif') ? request.params.file.slice(0, -'.gif'.length) : undefined;
      if (!token || !(await recordOpen(ctx, token, visitOf(request)))) return unknownLink(reply);
      return reply.header('cache-control', 'no-store, no-cache, must-revalidate, private').header('referrer-policy', 'no-referrer').type('image/gif').send(pixel);
    },
  });

  app.route<{ Params: { token: string }; Querystring: unknown }>({
    method: ['GET', 'HEAD'],
    url: '/c/:token',
    onRequest: limit,
    handler: async (request, reply) => {
      const query = ClickQuery.safeParse(request.query);
      const result = await followClick(ctx, request.params.token, query.success ? query.data.url : undefined, visitOf(request));
      if (result.kind !== 'redirect') return unknownLink(reply);
      // new URL().href percent-encodes what a header cannot carry; the link itself was checked as it was written.
      return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(new URL(result.url).href, 302);
    },
  });
}
