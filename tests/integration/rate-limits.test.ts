/**
 * Rate limits, counted in the real Redis: the sign-in forms and recipients' links per client
 * address, the API per token or session. Past the limit: 429 with Retry-After — a page on the
 * sign-in forms, a problem document elsewhere. Over plain HTTP the cookies are not Secure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormClient } from '../helpers/forms.js';
import { firstAdmin } from '../helpers/sign-in.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database: 'sqlite', workers: false, env: { PUBLIC_URL: 'http://127.0.0.1:3000', RATE_LIMIT_SIGN_IN: '3', RATE_LIMIT_LINKS: '2', RATE_LIMIT_API: '5' } });
  });
  afterAll(async () => t?.close());

  const from = (ip: string, url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, remoteAddress: ip, headers });

  it('sends cookies without Secure or the __Host- prefix when PUBLIC_URL is plain HTTP', async () => {
    const admin = await firstAdmin(t, '198.51.100.1');
    expect([...admin.cookies.keys()].sort()).toEqual(['presswire-csrf', 'presswire-session']);
    const res = await admin.get('/sign-in'); // signed in: sent on to the account page
    expect(res.statusCode).toBe(303);
    const first = await new FormClient(t.app, '198.51.100.2').get('/sign-in');
    expect(String(first.headers['set-cookie'])).toMatch(/^presswire-csrf=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it('limits sign-in attempts per client address: 429 with Retry-After, on a page', async () => {
    const browser = new FormClient(t.app, '198.51.100.7');
    for (let i = 0; i < 3; i++) expect((await browser.submit('/sign-in', '/sign-in', { email: 'ada@harbor.example.org', password: `guess ${i}` })).statusCode).toBe(401);
    const limited = await browser.submit('/sign-in', '/sign-in', { email: 'ada@harbor.example.org', password: 'guess 4' });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['content-type']).toContain('text/html');
    expect(limited.body).toContain('Too many attempts');
    // Another address is not held back.
    expect((await new FormClient(t.app, '198.51.100.8').submit('/sign-in', '/sign-in/link', { email: 'ada@harbor.example.org' })).statusCode).toBe(200);
  });

  it.each([['/u/', '198.51.100.20'], ['/e/', '198.51.100.21']])('limits %s links per client address', async (prefix, ip) => {
    for (let i = 0; i < 2; i++) expect((await from(ip, `${prefix}not-a-real-code-${i}`)).statusCode).toBe(404);
    const limited = await from(ip, `${prefix}not-a-real-code-3`);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED', title: 'Too many requests' });
    expect((await from('198.51.100.22', `${prefix}not-a-real-code-4`)).statusCode).toBe(404);
  });

  it('limits the API per token, counted under the token’s digest', async () => {
    const other = await t.api<{ token: string }>('POST', '/api/v1/tokens', { json: { name: 'cron', role: 'viewer' } });
    const call = (token: string) => from('198.51.100.30', '/api/v1/session', { authorization: `Bearer ${token}` });
    let last = await call(t.token);
    while (last.statusCode === 200) last = await call(t.token);
    expect(last.statusCode).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(last.headers['content-type']).toContain('application/problem+json');
    expect(last.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429, detail: expect.stringContaining('at most 5 a minute') });
    // Another token, from the same address, has a count of its own.
    expect((await call(other.body.token)).statusCode).toBe(200);
    const keys = await t.ctx.redis.keys(`${t.ctx.config.redis.prefix}:rate:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join('\n')).not.toContain(t.token);
    expect(keys.join('\n')).not.toContain(other.body.token);
  });
});
