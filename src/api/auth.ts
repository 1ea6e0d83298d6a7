/**
 * Who is asking. Every API request carries an actor, from a bearer token (looked up on
 * each request, so a revoked token is refused at once). Use cases authorize the actor;
 * this only establishes it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.js';
import { authenticateToken } from '../auth/api-tokens.js';
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export const bearerToken = (request: FastifyRequest): string | undefined => /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];

/** The request's actor; only routes under `requireActor` call it. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHORIZED', 'Sign in, or send an API token as "Authorization: Bearer <token>"');
  return request.actor;
}

/** Establish the actor of every request in this scope, refusing those without one (401). */
export function requireActor(app: FastifyInstance, db: Db): void {
  app.addHook('onRequest', async (request) => {
    const token = bearerToken(request);
    if (!token) throw new AppError('UNAUTHORIZED', 'Send an API token as "Authorization: Bearer <token>" (the CLI reads PRESSWIRE_TOKEN, or the admin token in the data directory)');
    const actor = await authenticateToken(db, token, request.ip);
    if (!actor) throw new AppError('UNAUTHORIZED', 'The API token is not valid (unknown or revoked)');
    request.actor = actor;
  });
}
