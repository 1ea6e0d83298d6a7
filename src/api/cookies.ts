/**
 * The two cookies of the pages: the session (a random id; the database keeps its SHA-256)
 * and the CSRF secret of @fastify/csrf-protection (double submit: the secret in a cookie,
 * a token derived from it in every form or in an X-CSRF-Token header). Both are HttpOnly
 * and SameSite=Lax; when people reach us over HTTPS (PUBLIC_URL) they are also Secure and
 * named with the __Host- prefix, which a browser accepts only from this very host, so a
 * neighbouring subdomain cannot plant one. The CSRF secret lives in a cookie, not in a
 * session row, so visitors of the sign-in page leave nothing in the database.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyCsrfProtection from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';

export interface SessionCookies {
  idOf(request: FastifyRequest): string | undefined;
  set(reply: FastifyReply, session: { id: string; expiresAt: number }, now: number): void;
  clear(reply: FastifyReply): void;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function csrfTokenOf(request: FastifyRequest): string | undefined {
  const body = request.body;
  const field = body && typeof body === 'object' && '_csrf' in body ? (body as { _csrf: unknown })._csrf : undefined;
  if (typeof field === 'string') return field;
  const header = request.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
}

/** Register cookie parsing and CSRF tokens on the whole app; returns the session cookie's handling. */
export async function registerCookies(app: FastifyInstance, options: { secure: boolean }): Promise<SessionCookies> {
  const prefix = options.secure ? '__Host-' : '';
  const attributes = { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secure } as const;
  const sessionName = `${prefix}presswire-session`;
  await app.register(fastifyCookie);
  await app.register(fastifyCsrfProtection, { cookieKey: `${prefix}presswire-csrf`, cookieOpts: attributes, getToken: csrfTokenOf });
  return {
    idOf: (request) => request.cookies[sessionName] || undefined,
    set: (reply, session, now) => void reply.setCookie(sessionName, session.id, { ...attributes, maxAge: Math.floor((session.expiresAt - now) / 1000) }),
    clear: (reply) => void reply.clearCookie(sessionName, attributes),
  };
}

/** A preHandler (the body is parsed by then) that refuses a state-changing request without a valid CSRF token. */
export const requireCsrf =
  (app: FastifyInstance): preHandlerHookHandler =>
  (request, reply, done) => {
    if (safeMethods.has(request.method)) done();
    else app.csrfProtection(request, reply, done);
  };
