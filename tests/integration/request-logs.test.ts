/**
 * What the HTTP server logs about requests, through the process logger: one line per
 * request at debug, and none of the credentials a request carries — the Authorization
 * and Cookie headers, an unsubscribe token or reference code in the path, a query string.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testToken, type TestApp } from '../helpers/test-app.js';

describe('request logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  const completed = () => lines.map((l) => JSON.parse(l) as { msg: string; level: string; req?: { method: string; url: string }; res?: { statusCode: number } }).filter((l) => l.msg === 'request completed');

  beforeAll(async () => {
    t = await startTestApp({ database: 'sqlite', workers: false, log: (line) => lines.push(line) });
  });
  afterAll(async () => t?.close());

  it('logs each request at debug, without the credentials it carries', async () => {
    const unsubscribe = t.ctx.tokens.sign('unsubscribe', 'dlv_canaryunsubscribe');
    await t.api('GET', '/api/v1/releases', { headers: { cookie: 'session=cookie-canary' } });
    await t.app.inject({ method: 'GET', url: `/u/${unsubscribe}` });
    await t.app.inject({ method: 'POST', url: `/u/${unsubscribe}`, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await t.app.inject({ method: 'GET', url: '/e/CODECANARY' });
    await t.app.inject({ method: 'GET', url: '/healthz?token=query-canary' });

    expect(completed().map((l) => [l.level, l.req?.method, l.req?.url, l.res?.statusCode])).toEqual([
      ['debug', 'GET', '/api/v1/releases', 200],
      ['debug', 'GET', '/u/:token', 404],
      ['debug', 'POST', '/u/:token', 404],
      ['debug', 'GET', '/e/:code', 404],
      ['debug', 'GET', '/healthz', expect.any(Number)],
    ]);
    const all = lines.join('\n');
    for (const secret of [testToken, 'cookie-canary', unsubscribe, 'canaryunsubscribe', 'CODECANARY', 'query-canary']) expect(all).not.toContain(secret);
  });
});
