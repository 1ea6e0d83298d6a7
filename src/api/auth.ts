/**
 * Bearer-token authentication for the API. Valid tokens are remembered briefly so a
 * busy CLI poll does not hit the database on every request.
 */
import type { FastifyInstance } from 'fastify';
import { isValidToken } from '../auth/api-tokens.js';
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';

const rememberMs = 60_000;

export function requireToken(app: FastifyInstance, db: Db): void {
  const known = new Map<string, number>();
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) throw new AppError('UNAUTHORIZED', 'Send an API token as "Authorization: Bearer <token>" (the CLI reads PRESSWIRE_TOKEN, or the admin token in the data directory)');
    const until = known.get(token);
    if (until !== undefined && until > Date.now()) return;
    if (!(await isValidToken(db, token))) throw new AppError('UNAUTHORIZED', 'The API token is not valid');
    known.set(token, Date.now() + rememberMs);
  });
}
