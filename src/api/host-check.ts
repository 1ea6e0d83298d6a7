/**
 * Requests must name this server: its public host, this machine, or a host in ALLOWED_HOSTS.
 * A browser tricked by DNS rebinding into calling a local Presswire sends the attacker's
 * name in Host, and gets nothing.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

const hostnameOf = (host: string): string => (host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!).toLowerCase();

export function requireKnownHost(app: FastifyInstance, allowed: readonly string[]): void {
  const names = new Set(allowed);
  app.addHook('onRequest', async (request) => {
    const host = request.headers.host;
    if (host && names.has(hostnameOf(host))) return;
    throw new AppError('VALIDATION', `This server does not answer to the host "${String(host ?? '').slice(0, 100)}"; add it to ALLOWED_HOSTS or PUBLIC_URL`, {
      issues: [{ field: 'host', message: 'is not a name of this server' }],
    });
  });
}
