/**
 * METRICS_PORT: the metrics on a listener of their own, for a process that serves no API
 * (`presswire worker`). It answers GET /metrics and nothing else.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metricsFor, type MetricsDeps } from './registry.js';
import { bearerMatches, scrapeRefusal } from './scrape-access.js';

export interface MetricsListener {
  port: number;
  close(): Promise<void>;
}

function problem(res: ServerResponse, status: number, code: string, title: string, detail: string): void {
  res.writeHead(status, { 'content-type': 'application/problem+json', ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}) });
  res.end(JSON.stringify({ type: `urn:presswire:problem:${code.toLowerCase()}`, title, status, detail, code }));
}

export async function startMetricsListener(deps: MetricsDeps, settings: { host: string; port: number; token: string }): Promise<MetricsListener> {
  const metrics = metricsFor(deps);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') return problem(res, 404, 'NOT_FOUND', 'Not found', 'Only GET /metrics is served here');
    if (!bearerMatches(req.headers.authorization, settings.token)) return problem(res, 401, 'UNAUTHORIZED', 'Authentication required', scrapeRefusal);
    metrics.scrape().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
        res.end(text);
      },
      (err: unknown) => {
        deps.logger.error({ err }, 'metrics scrape failed');
        problem(res, 500, 'INTERNAL', 'Internal error', 'The metrics could not be read');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
