/**
 * What Fastify logs about requests. One line per request, at debug: at info a server
 * answering health checks and link visits would bury what matters. The URLs of
 * unsubscribe and reference links are their own credentials, so those are logged as
 * their route, and no query string is logged.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** Route parameters that are credentials: the unsubscribe token, a personal reference code. */
const capability = /token|code/i;

export function logUrl(request: FastifyRequest): string {
  const route = request.routeOptions.url;
  const params = Object.keys((request.params ?? {}) as object);
  if (route && params.some((name) => capability.test(name))) return route;
  return request.url.split('?')[0]!;
}

export const requestSerializers = {
  req: (request: FastifyRequest) => ({ method: request.method, url: logUrl(request), remoteAddress: request.ip }),
};

export class RequestLogs extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) return super.requestCompleted(error, request, reply);
    reply.log.debug({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
