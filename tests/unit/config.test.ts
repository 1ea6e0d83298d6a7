import { describe, expect, it } from 'vitest';
import { loadClientConfig, loadConfig } from '../../src/config.js';
import { AppError } from '../../src/errors.js';

function configError(env: Record<string, string>): AppError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  it('runs on embedded defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000, allowedHosts: ['localhost', '127.0.0.1', '[::1]'], trustProxy: false });
    expect(config.publicUrl).toBe('http://127.0.0.1:3000');
    expect(config.database.kind).toBe('sqlite');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.outbox.enabled).toBe(true);
    expect(config.smtp.url).toBeUndefined();
    expect(config.mailFrom.address).toMatch(/@/);
    expect(config.social.outbound).toEqual({ allowHttp: false, allowPrivateHosts: false });
  });

  it('switches to PostgreSQL and a real relay by URL', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://presswire@db.internal:5432/presswire',
      SMTP_URL: 'smtps://user:secret@smtp.example.org:465',
      MAIL_FROM: 'Newsroom <press@example.org>',
      ORG_NAME: 'Example',
      ORG_ADDRESS: '1 Example St',
    });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://presswire@db.internal:5432/presswire' });
    expect(config.outbox.enabled).toBe(false);
    expect(config.mailFrom).toEqual({ name: 'Newsroom', address: 'press@example.org' });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ REDIS_URL: 'http://localhost:6379' }, 'REDIS_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SMTP_URL: 'smtp.example.org' }, 'SMTP_URL'],
    [{ MAIL_FROM: 'a@example.org, b@example.org' }, 'MAIL_FROM'],
    [{ PRESSWIRE_SECRET: 'short' }, 'PRESSWIRE_SECRET'],
    [{ PRESSWIRE_SECRET: 'change-me-to-a-long-random-value-of-32-or-more-characters' }, 'PRESSWIRE_SECRET'],
    [{ TRUST_PROXY: 'yes please' }, 'TRUST_PROXY'],
    [{ REDIS_ALLOW_EVICTION: 'maybe' }, 'REDIS_ALLOW_EVICTION'],
    [{ SOCIAL_ALLOW_PRIVATE_HOSTS: 'sometimes' }, 'SOCIAL_ALLOW_PRIVATE_HOSTS'],
    [{ PASSWORD_HASH_COST: 'cheap' }, 'PASSWORD_HASH_COST'],
    [{ RATE_LIMIT_API: '0' }, 'RATE_LIMIT_API'],
    [{ SIGN_IN_LINK_TTL_MS: '1000' }, 'SIGN_IN_LINK_TTL_MS'],
  ])('refuses %o naming the variable', (env, variable) => {
    const error = configError(env);
    expect(error.code).toBe('CONFIG');
    expect(error.message).toContain(variable);
    expect(error.issues.map((i) => i.field)).toContain(variable);
  });

  it('asks for a sender and a postal address when a real relay is configured', () => {
    const error = configError({ SMTP_URL: 'smtp://relay.example.org:587' });
    expect(error.issues.map((i) => i.field)).toEqual(['MAIL_FROM', 'ORG_NAME', 'ORG_ADDRESS']);
  });

  it('reads booleans as people write them', () => {
    expect(loadConfig({ REDIS_ALLOW_EVICTION: 'false' }).redis.allowEviction).toBe(false);
    expect(loadConfig({ REDIS_ALLOW_EVICTION: 'yes' }).redis.allowEviction).toBe(true);
    expect(loadConfig({ SOCIAL_ALLOW_HTTP: 'true', SOCIAL_ALLOW_PRIVATE_HOSTS: '1' }).social.outbound).toEqual({ allowHttp: true, allowPrivateHosts: true });
  });

  it('believes X-Forwarded-For only from the proxies named', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.0.1.0/24' }).http.trustProxy).toEqual(['10.0.0.5', '10.0.1.0/24']);
    const hops = loadConfig({ TRUST_PROXY: '1' }).http.trustProxy as (address: string, hop: number) => boolean;
    expect([hops('203.0.113.9', 0), hops('203.0.113.9', 1)]).toEqual([true, false]);
  });

  it('signs in with secure defaults, and marks cookies Secure only behind an https PUBLIC_URL', () => {
    const { auth, rateLimits } = loadConfig({});
    expect(auth).toMatchObject({ sessionTtlMs: 12 * 3600_000, linkTtlMs: 15 * 60_000, passwordCost: 'default', maxFailures: 5, secureCookies: false });
    expect(rateLimits).toEqual({ signIn: 10, links: 120, api: 600 });
    expect(loadConfig({ PUBLIC_URL: 'https://press.example.org' }).auth.secureCookies).toBe(true);
  });

  it('gives the CLI a local server by default', () => {
    expect(loadClientConfig({}).url).toBe('http://127.0.0.1:3000');
    expect(loadClientConfig({ PRESSWIRE_URL: 'https://press.example.org/' }).url).toBe('https://press.example.org');
  });

  it('takes the doctor’s DNS servers as addresses with optional ports, and refuses names', () => {
    expect(loadConfig({}).doctor.dnsServers).toBeUndefined();
    expect(loadConfig({ DNS_SERVERS: '192.0.2.53, 127.0.0.1:5353,[2001:db8::53]:53' }).doctor.dnsServers).toEqual(['192.0.2.53', '127.0.0.1:5353', '[2001:db8::53]:53']);
    const err = configError({ DNS_SERVERS: 'dns.example.org' });
    expect(err.issues).toEqual([expect.objectContaining({ field: 'DNS_SERVERS' })]);
    expect(configError({ DNS_SERVERS: '127.0.0.1:70000' }).issues[0]?.field).toBe('DNS_SERVERS');
  });
});
