/**
 * The one mapping from errors to HTTP: every failure leaves as an RFC 9457 problem
 * document. Expected failures (AppError) say what was wrong and where; anything else
 * is a bug, logged in full and reported without details.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Problem } from '../contract/common.js';
import { AppError, type ErrorCode, type Issue } from '../errors.js';
import type { Logger } from '../logger.js';
import { logUrl } from './request-logging.js';

export const statusFor: Record<ErrorCode, number> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  UNAVAILABLE: 503,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
  CONFIG: 500,
};

const titles: Record<ErrorCode, string> = {
  VALIDATION: 'The request is not valid',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  INVALID_STATE: 'Not possible in the current state',
  UNAUTHORIZED: 'Authentication required',
  FORBIDDEN: 'Not allowed',
  UNAVAILABLE: 'Service unavailable',
  TOO_LARGE: 'Too large',
  RATE_LIMITED: 'Too many requests',
  CONFIG: 'Server misconfigured',
};

export function sendProblem(reply: FastifyReply, code: ErrorCode | 'INTERNAL', detail: string, issues: Issue[] = []): FastifyReply {
  const status = code === 'INTERNAL' ? 500 : statusFor[code];
  const problem: Problem = {
    type: `urn:presswire:problem:${code.toLowerCase()}`,
    title: code === 'INTERNAL' ? 'Internal error' : titles[code],
    status,
    detail,
    code,
    ...(issues.length > 0 ? { issues } : {}),
  };
  if (code === 'UNAVAILABLE') reply.header('retry-after', '5');
  return reply.code(status).type('application/problem+json').send(problem);
}

export const csrfRefusal =
  'This request needs a valid CSRF token: reload the form and send it again, or send the token from GET /api/v1/session as "X-CSRF-Token" (an API token needs none)';

/** Fastify's own client errors (bad JSON, body too large, unsupported type) keep their 4xx. */
function fastifyClientError(err: FastifyError): { status: number; detail: string } | undefined {
  const status = err.statusCode ?? 500;
  return status >= 400 && status < 500 ? { status, detail: err.message } : undefined;
}

export function installErrorHandler(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      if (err.code === 'UNAVAILABLE') logger.warn({ path: logUrl(request), err, cause: err.cause }, 'dependency unavailable');
      return sendProblem(reply, err.code, err.message, err.issues);
    }
    // @fastify/csrf-protection refuses with its own errors (FST_CSRF_MISSING_SECRET, FST_CSRF_INVALID_TOKEN).
    if (err.code?.startsWith('FST_CSRF_')) return sendProblem(reply, 'FORBIDDEN', csrfRefusal);
    const client = fastifyClientError(err);
    if (client) {
      return reply
        .code(client.status)
        .type('application/problem+json')
        .send({ type: 'urn:presswire:problem:request', title: 'Bad request', status: client.status, detail: client.detail, code: 'VALIDATION' });
    }
    logger.error({ method: request.method, path: logUrl(request), err }, 'unhandled error');
    return sendProblem(reply, 'INTERNAL', 'Something went wrong on our side. It has been logged.');
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`));
}
