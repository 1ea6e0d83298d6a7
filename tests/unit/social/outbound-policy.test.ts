/** The outbound policy on its own: which URLs are refused before connecting, and what a lookup lets through. */
import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { guardedLookup, RefusedRequest, urlRefusal, type OutboundPolicy, type Resolver } from '../../../src/net/outbound-policy.js';

const production: OutboundPolicy = { allowHttp: false, allowPrivateHosts: false };
const development: OutboundPolicy = { allowHttp: true, allowPrivateHosts: true };
const refusal = (url: string, policy = production) => urlRefusal(new URL(url), policy);

describe('urlRefusal', () => {
  it('lets https:// to a host name through: the name is judged when it is resolved', () => {
    expect(refusal('https://mastodon.social')).toBeUndefined();
    expect(refusal('https://localhost:8443')).toBeUndefined();
    expect(refusal('https://8.8.8.8')).toBeUndefined();
  });

  it.each([
    ['https://169.254.169.254/latest/meta-data/', '169.254.169.254 is not a public address (linkLocal)'],
    ['https://10.0.0.1', '10.0.0.1 is not a public address (private)'],
    ['https://2852039166', '169.254.169.254 is not a public address (linkLocal)'], // decimal
    ['https://0xa9fea9fe', '169.254.169.254 is not a public address (linkLocal)'], // hex
    ['https://0251.0376.0251.0376', '169.254.169.254 is not a public address (linkLocal)'], // octal
    ['https://127.1:8443', '127.0.0.1 is not a public address (loopback)'],
    ['https://[::1]', '::1 is not a public address (loopback)'],
    ['https://[::ffff:169.254.169.254]', '::ffff:a9fe:a9fe is not a public address (linkLocal)'],
    ['https://[fd00:ec2::254]', 'fd00:ec2::254 is not a public address (uniqueLocal)'],
    ['https://100.100.100.200', '100.100.100.200 is not a public address (carrierGradeNat)'],
  ])('refuses the IP literal in %s', (url, reason) => {
    expect(refusal(url)).toBe(reason);
    expect(refusal(url, { allowHttp: false, allowPrivateHosts: true })).toBeUndefined();
  });

  it('refuses plain http:// unless allowed, and then only to a loopback host', () => {
    expect(refusal('http://127.0.0.1:3000', { allowHttp: false, allowPrivateHosts: true })).toBe('http://127.0.0.1:3000 is plain HTTP (https:// only)');
    expect(refusal('http://localhost:3000', development)).toBeUndefined();
    expect(refusal('http://mastodon.localhost', development)).toBeUndefined();
    expect(refusal('http://[::1]:3000', development)).toBeUndefined();
    expect(refusal('http://10.0.0.1', development)).toBe('http://10.0.0.1 is plain HTTP (https:// only, or http:// on this machine)');
    expect(refusal('http://mastodon.social', development)).toMatch(/plain HTTP/);
  });

  it('refuses other schemes', () => {
    expect(refusal('file:///etc/passwd', development)).toBe('file: is not https://');
  });
});

describe('guardedLookup', () => {
  const answer = (...addresses: string[]): Resolver => async () => addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  const lookup = (policy: OutboundPolicy, all: boolean) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }>((resolve) =>
      guardedLookup(policy)('social.test', { all }, (err, address, family) => resolve({ err, address, family })),
    );

  it('refuses a name when any of its addresses is not public, whichever comes first', async () => {
    const { err } = await lookup({ ...production, resolve: answer('93.184.215.14', '10.0.0.1') }, true);
    expect(err).toBeInstanceOf(RefusedRequest);
    expect(err?.message).toBe('not reached: social.test resolves to a non-public address (private)');
    expect((await lookup({ ...production, resolve: answer('::1') }, false)).err?.message).toMatch(/\(loopback\)$/);
  });

  it('hands on the addresses it checked, in the form asked for', async () => {
    const resolve = answer('93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c');
    expect(await lookup({ ...production, resolve }, true)).toMatchObject({ err: null, address: [{ address: '93.184.215.14', family: 4 }, { family: 6 }] });
    expect(await lookup({ ...production, resolve }, false)).toEqual({ err: null, address: '93.184.215.14', family: 4 });
    expect(await lookup({ ...development, resolve: answer('10.0.0.1') }, false)).toEqual({ err: null, address: '10.0.0.1', family: 4 });
  });

  it('passes on a failed resolution as it is', async () => {
    const failing: Resolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND social.test'), { code: 'ENOTFOUND' });
    };
    expect((await lookup({ ...production, resolve: failing }, true)).err?.code).toBe('ENOTFOUND');
  });
});
