/**
 * The API of a Presswire running as a real process, called over HTTP with the same
 * shape as `TestApp.api`, so the scenario helpers work against either.
 */
import type { ApiClient } from './test-app.js';

export function httpApi(baseUrl: string, token: string): ApiClient {
  return {
    async api(method, url, opts = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...opts.headers };
      let body: string | Buffer | undefined;
      if (opts.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(opts.json);
      } else if (opts.body !== undefined) {
        headers['content-type'] = opts.contentType ?? 'text/csv';
        body = opts.body;
      }
      const res = await fetch(new URL(url, baseUrl), { method: String(method), headers, body, signal: AbortSignal.timeout(30_000) });
      const type = res.headers.get('content-type') ?? '';
      return { status: res.status, body: (type.includes('json') ? await res.json() : await res.text()) as never };
    },
  };
}
