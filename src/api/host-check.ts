/**
 * Requests must name this server: its public host, this machine, or a host in ALLOWED_HOSTS —
 * or an organisation's newsroom host, which answers with that newsroom and nothing else.
 * A browser tricked by DNS rebinding into calling a local Presswire sends the attacker's
 * name in Host, and gets nothing.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

export const hostnameOf = (host: string): string => (host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!).toLowerCase();

/** Where a request to a host that is not one of this server's own names goes: the newsroom-host routes. */
export const newsroomHostPrefix = '/newsroom-host';

/**
 * Fastify's `rewriteUrl`: a request for a name that is not one of this server's own is routed
 * under `/newsroom-host`, so that host reaches no desk, API or page route, only a newsroom
 * (and `requireKnownHost` refuses it unless an organisation names that host).
 */
export function newsroomHostRewrite(allowed: readonly string[]): (request: IncomingMessage) => string {
  const names = new Set(allowed);
  return (request) => {
    const url = request.url ?? '/';
    const host = request.headers.host;
    return host && names.has(hostnameOf(host)) ? url : `${newsroomHostPrefix}${url}`;
  };
}

export function requireKnownHost(app: FastifyInstance, allowed: readonly string[], isNewsroomHost: (host: string) => Promise<boolean>): void {
  const names = new Set(allowed);
  app.addHook('onRequest', async (request) => {
    const host = request.headers.host;
    if (host && names.has(hostnameOf(host))) return;
    if (host && request.url.startsWith(`${newsroomHostPrefix}/`) && (await isNewsroomHost(hostnameOf(host)))) return;
    throw new AppError('VALIDATION', `This server does not answer to the host "${String(host ?? '').slice(0, 100)}"; add it to ALLOWED_HOSTS or PUBLIC_URL`, {
      issues: [{ field: 'host', message: 'is not a name of this server' }],
    });
  });
}
