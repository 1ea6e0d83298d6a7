import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { AppError } from '../../../src/errors.js';
import { channelOf, replyClass } from '../../../src/metrics/delivery-counts.js';
import { bearerMatches } from '../../../src/metrics/scrape-access.js';

const token = 'a-metrics-token-of-at-least-32-chars';

/** The issues of a refused configuration. */
function issuesOf(env: Record<string, string>) {
  const thrown = ((): unknown => {
    try {
      return loadConfig(env);
    } catch (err) {
      return err;
    }
  })();
  expect(thrown).toBeInstanceOf(AppError);
  return (thrown as AppError).issues;
}

describe('metrics settings', () => {
  it('are off unless METRICS_TOKEN is set', () => {
    expect(loadConfig({}).metrics).toMatchObject({ token: undefined, port: undefined });
    expect(loadConfig({ METRICS_TOKEN: token, METRICS_PORT: '9464' }).metrics).toMatchObject({ token, port: 9464 });
  });

  it('refuse a short token, a bad port, and a port without a token, naming the variable', () => {
    expect(issuesOf({ METRICS_TOKEN: 'short' })).toEqual([expect.objectContaining({ field: 'METRICS_TOKEN', message: expect.stringMatching(/32 characters/) })]);
    expect(issuesOf({ METRICS_TOKEN: token, METRICS_PORT: '70000' })).toEqual([expect.objectContaining({ field: 'METRICS_PORT' })]);
    expect(issuesOf({ METRICS_PORT: '9464' })).toEqual([expect.objectContaining({ field: 'METRICS_TOKEN' })]);
  });
});

describe('scrape access', () => {
  it('takes only "Bearer <the token>"', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(undefined, token)).toBe(false);
    expect(bearerMatches(token, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token.slice(0, -1)}`, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerMatches(`Basic ${token}`, token)).toBe(false);
    expect(bearerMatches('Bearer ', token)).toBe(false);
  });
});

describe('metric labels', () => {
  it('name reply classes by the first digit, and none for no reply', () => {
    expect([250, 251, 421, 451, 550, 554, null, 354].map(replyClass)).toEqual(['2xx', '2xx', '4xx', '4xx', '5xx', '5xx', 'none', 'other']);
  });

  it('count embargo updates as email and social deliveries by network', () => {
    expect(channelOf('email', null)).toBe('email');
    expect(channelOf('embargo_update', null)).toBe('email');
    expect(channelOf('social', 'mastodon')).toBe('mastodon');
  });
});
