/**
 * The API of a Presswire running as a real process, called over HTTP with the same
 * shape as `TestApp.api`, so the scenario helpers work against either.
 */
import { apiRequest, type ApiClient } from './test-app.js';

export function httpApi(baseUrl: string, token: string): ApiClient {
  return {
    async api(method, url, opts = {}) {
      const { headers, payload: body } = apiRequest(token, opts);
      const res = await fetch(new URL(url, baseUrl), { method: String(method), headers, body, signal: AbortSignal.timeout(30_000) });
      const type = res.headers.get('content-type') ?? '';
      return { status: res.status, body: (type.includes('json') ? await res.json() : await res.text()) as never };
    },
  };
}
