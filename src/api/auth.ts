/**
 * Who is asking. Every API request carries an actor: from a bearer token, or from the
 * session cookie of someone signed in on the pages; both are looked up on each request, so a
 * revoked token or a removed member is refused at once. Use cases authorize the actor; this
 * only establishes it — and, for a session, demands a CSRF token on every state-changing
 * request, since a browser sends the cookie whoever made the page. A bearer token is never
 * sent by a browser on its own, so token requests need none.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.js';
import { authenticateToken } from '../auth/api-tokens.js';
import { digestOf } from '../auth/secret-digest.js';
import { authenticateSession } from '../auth/sessions.js';
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { requireCsrf, type SessionCookies } from './cookies.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export interface AuthDeps {
  db: Db;
  cookies: SessionCookies;
}

export const bearerToken = (request: FastifyRequest): string | undefined => /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];

/** The request's actor; only routes under `requireActor` call it. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHORIZED', 'Sign in, or send an API token as "Authorization: Bearer <token>"');
  return request.actor;
}

/** The actor of a signed-in browser, if its session cookie is valid. */
export async function sessionActorOf(request: FastifyRequest, deps: AuthDeps): Promise<Actor | undefined> {
  const id = deps.cookies.idOf(request);
  return id ? authenticateSession(deps.db, id, request.ip) : undefined;
}

/** What a request's rate limit counts against: its token or session, by digest (never the secret itself). */
export function credentialKey(request: FastifyRequest, deps: AuthDeps): string {
  const token = bearerToken(request);
  const session = deps.cookies.idOf(request);
  if (token) return `token:${digestOf(token)}`;
  return session ? `session:${digestOf(session)}` : `ip:${request.ip}`;
}

/** Establish the actor of every request in this scope, refusing those without one (401). */
export function requireActor(app: FastifyInstance, deps: AuthDeps): void {
  app.addHook('onRequest', async (request) => {
    const token = bearerToken(request);
    if (token) {
      request.actor = (await authenticateToken(deps.db, token, request.ip)) ?? null;
      if (!request.actor) throw new AppError('UNAUTHORIZED', 'The API token is not valid (unknown or revoked)');
      return;
    }
    request.actor = (await sessionActorOf(request, deps)) ?? null;
    if (!request.actor) {
      throw new AppError('UNAUTHORIZED', 'Sign in at /sign-in, or send an API token as "Authorization: Bearer <token>" (the CLI reads PRESSWIRE_TOKEN, or the admin token in the data directory)');
    }
  });
  const csrf = requireCsrf(app);
  app.addHook('preHandler', (request, reply, done) => (request.actor?.via === 'session' ? csrf.call(app, request, reply, done) : done()));
}
