/**
 * A Mastodon instance or Bluesky PDS is an address a user types: it must not become a way to
 * reach this machine, its network or a cloud metadata service. Through the API and against real
 * servers on 127.0.0.1: non-public addresses refused (as literals, and as names resolving to
 * them), plain HTTP refused, redirects not followed, and nothing the far side says repeated
 * in an API answer or an account's `last_error`.
 */
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView } from '../../src/accounts/accounts.service.js';
import { ChannelError } from '../../src/channels/channel.js';
import type { NetworkId } from '../../src/channels/social/network.js';
import type { OutboundPolicy } from '../../src/net/outbound-policy.js';
import { networks } from '../../src/channels/social/registry.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { bskyAccount, bskyCredentials } from '../helpers/social/bluesky-stub.js';
import { freshForEachTest, harnesses, startBluesky, startMastodon, stubOutboundEnv, type Harness } from '../helpers/social/harness.js';
import { mastodonToken, type MastodonStub } from '../helpers/social/mastodon-stub.js';
import type { BlueskyStub } from '../helpers/social/bluesky-stub.js';
import type { Reply } from '../helpers/social/stub-server.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** What a server (or an internal service behind it) might say, and we must never repeat. */
const MARKER = 'MARKER-5f1c9e internal reply text';

/** A TCP port that counts the connections it gets, and answers none. */
async function countingPort(): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    connections: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let serial = 0;
const mastodonAccount = (instance: string) => ({ network: 'mastodon', name: `masto-${++serial}`, settings: { instance }, credentials: { accessToken: mastodonToken } });
const blueskyAccount = (service: string) => ({ network: 'bluesky', name: `bsky-${++serial}`, settings: { service }, credentials: bskyCredentials });

async function addAccount(t: TestApp, body: ReturnType<typeof mastodonAccount | typeof blueskyAccount>) {
  return t.api<AccountView & { issues?: { field: string; message: string }[] }>('POST', '/api/v1/accounts', { json: body });
}

/** Verify an account; its answer and the account as listed afterwards. */
async function verify(t: TestApp, id: string) {
  const answer = await t.api<{ detail?: string; lastError?: string }>('POST', `/api/v1/accounts/${id}/verify`);
  const { body } = await t.api<{ accounts: AccountView[] }>('GET', '/api/v1/accounts');
  return { answer, account: body.accounts.find((a) => a.id === id)! };
}

describe.each(testDatabaseKinds())('social service addresses (%s)', (database) => {
  describe('with the production defaults', () => {
    let t: TestApp;
    let target: Awaited<ReturnType<typeof countingPort>>;
    beforeAll(async () => {
      target = await countingPort();
      t = await startTestApp({ database, workers: false });
    });
    afterAll(async () => {
      await t?.close();
      await target?.close();
    });

    it.each([
      ['https://169.254.169.254', /^169\.254\.169\.254 is not a public address \(linkLocal\)$/],
      ['https://10.0.0.1', /^10\.0\.0\.1 is not a public address \(private\)$/],
      ['https://2852039166', /^169\.254\.169\.254 is not a public address/],
      ['https://[::ffff:169.254.169.254]', /^::ffff:a9fe:a9fe is not a public address \(linkLocal\)$/],
      ['https://[fd00:ec2::254]', /\(uniqueLocal\)$/],
      ['https://100.100.100.200', /\(carrierGradeNat\)$/],
      ['http://127.0.0.1:{port}', /^http:\/\/127\.0\.0\.1:\d+ is plain HTTP \(https:\/\/ only\)$/],
    ])('refuses %s as a Mastodon instance and as a Bluesky PDS, before any connection', async (address, reason) => {
      const url = address.replace('{port}', String(target.port));
      for (const [body, field] of [
        [mastodonAccount(url), 'settings.instance'],
        [blueskyAccount(url), 'settings.service'],
      ] as const) {
        const res = await addAccount(t, body);
        expect(res.status).toBe(400);
        expect(res.body.issues).toEqual([{ field, message: expect.stringMatching(reason) }]);
      }
      expect(target.connections()).toBe(0);
    });

    it('refuses a name that resolves to a loopback address, on the connection, and says so in last_error', async () => {
      const added = await addAccount(t, mastodonAccount(`https://localhost:${target.port}`));
      expect(added.status).toBe(201);
      const { answer, account } = await verify(t, added.body.id);
      expect(answer.status).toBe(503);
      expect(answer.body.detail).toMatch(/Mastodon not reached: localhost resolves to a non-public address \(loopback\)$/);
      expect(account.lastError).toBe('Mastodon not reached: localhost resolves to a non-public address (loopback)');
      expect(target.connections()).toBe(0);
    });
  });

  describe('with the development settings (servers on this machine allowed)', () => {
    let t: TestApp;
    let masto: Harness<MastodonStub>;
    let bsky: Harness<BlueskyStub>;
    /** Where the redirects point: it must never be asked anything. */
    let elsewhere: Harness<MastodonStub>;
    beforeAll(async () => {
      [masto, bsky, elsewhere] = await Promise.all([startMastodon(), startBluesky(), startMastodon()]);
      t = await startTestApp({ database, workers: false, env: stubOutboundEnv });
    });
    afterAll(async () => {
      await t?.close();
      await Promise.all([masto?.close(), bsky?.close(), elsewhere?.close()]);
    });

    it.each([
      ['Mastodon', 302, () => masto, 'verify', () => mastodonAccount(masto.stub.url)],
      ['Bluesky', 307, () => bsky, 'login', () => blueskyAccount(bsky.stub.url)],
    ] as const)('does not follow %s redirecting (%i) elsewhere, and names the status, not the location', async (network, status, stub, route, account) => {
      const location = `${elsewhere.stub.url}api/v1/accounts/verify_credentials`;
      stub().stub.next(route, { status, headers: { location } });
      const added = await addAccount(t, account());
      const { answer, account: listed } = await verify(t, added.body.id);
      const said = `${network} answered ${status}, a redirect, which is not followed`;
      expect(answer.status).toBe(503);
      expect(answer.body.detail).toContain(said);
      expect(listed.lastError).toBe(said);
      expect(JSON.stringify([answer.body, listed])).not.toContain(String(elsewhere.stub.url.match(/:(\d+)\//)![1]));
      expect(elsewhere.stub.requests).toEqual([]);
    });

    const refusals: [string, Reply][] = [
      ['401', { status: 401, body: { error: MARKER } }],
      ['403', { status: 403, body: { error: MARKER } }],
      ['422', { status: 422, body: { error: MARKER } }],
      ['503', { status: 503, body: { error: MARKER } }],
      ['200, not JSON', { status: 200, headers: { 'content-type': 'application/json' }, raw: `${MARKER} <html>` }],
      ['200, not an account', { status: 200, body: { id: MARKER } }],
    ];
    it.each(refusals)('repeats nothing of a Mastodon answer (%s)', async (_, reply) => {
      masto.stub.next('verify', reply);
      const added = await addAccount(t, mastodonAccount(masto.stub.url));
      const { answer, account } = await verify(t, added.body.id);
      expect(account.lastError).toMatch(/^Mastodon\b/);
      expect(JSON.stringify([answer.body, account])).not.toContain('MARKER');
    });

    it.each([
      ['400 with a known error name', { status: 400, body: { error: 'InvalidRequest', message: MARKER } }, 'Bluesky answered HTTP 400 InvalidRequest'],
      ['401', { status: 401, body: { error: MARKER, message: MARKER } }, 'Bluesky refused our credentials (HTTP 401)'],
      ['500', { status: 500, body: { error: MARKER, message: MARKER } }, 'Bluesky answered HTTP 500'],
      ['200, not JSON', { status: 200, headers: { 'content-type': 'application/json' }, raw: `${MARKER} <html>` }, "Bluesky's answer could not be read"],
    ] as [string, Reply, string][])('repeats nothing of a Bluesky answer (%s) but a known error name', async (_, reply, said) => {
      bsky.stub.next('login', reply);
      const added = await addAccount(t, blueskyAccount(bsky.stub.url));
      const { answer, account } = await verify(t, added.body.id);
      expect(account.lastError).toBe(said);
      expect(JSON.stringify([answer.body, account])).not.toContain('MARKER');
    });
  });
});

/** Clients as the app makes them, with policies of the test's choosing. */
describe('every request of the adapters goes through the policy', () => {
  const production: OutboundPolicy = { allowHttp: false, allowPrivateHosts: false };
  const failureOf = async (promise: Promise<unknown>): Promise<ChannelError> => {
    const err = await promise.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    return err as ChannelError;
  };

  describe('Mastodon', () => {
    let h: Harness<MastodonStub>;
    freshForEachTest(startMastodon, (started) => (h = started));
    /** A name no DNS knows, mapped to the stub's address by the policy's resolver. */
    const viaName = () => h.stub.url.replace('127.0.0.1', 'instance.localhost');
    const toLoopback: OutboundPolicy['resolve'] = async () => [{ address: '127.0.0.1', family: 4 }];

    it('connects to the address it checked: a name resolving to 127.0.0.1 is refused, and reached once private hosts are allowed', async () => {
      const refused = await failureOf(h.client({ baseUrl: viaName(), outbound: { allowHttp: true, allowPrivateHosts: false, resolve: toLoopback } }).verify());
      expect(refused).toMatchObject({ failure: 'rejected', message: 'Mastodon not reached: instance.localhost resolves to a non-public address (loopback)' });
      expect(h.stub.requests).toEqual([]);
      await h.client({ baseUrl: viaName(), outbound: { allowHttp: true, allowPrivateHosts: true, resolve: toLoopback } }).verify();
      expect(h.stub.calls('verify')).toHaveLength(1);
    });

    it.each([
      ['https://169.254.169.254/', '169.254.169.254 is not a public address (linkLocal)'],
      ['https://10.0.0.1/', '10.0.0.1 is not a public address (private)'],
      ['https://[::ffff:169.254.169.254]/', '::ffff:a9fe:a9fe is not a public address (linkLocal)'],
      ['https://[fd00:ec2::254]/', 'fd00:ec2::254 is not a public address (uniqueLocal)'],
    ])('refuses the IP literal of %s where the connection is made', async (baseUrl, reason) => {
      const refused = await failureOf(h.client({ baseUrl, outbound: production }).verify());
      expect(refused).toMatchObject({ failure: 'rejected', message: `Mastodon not reached: ${reason}` });
    });

    it('refuses plain HTTP to this machine without SOCIAL_ALLOW_HTTP, even with private hosts allowed', async () => {
      const refused = await failureOf(h.client({ outbound: { allowHttp: false, allowPrivateHosts: true } }).post({ text: 'Clinic opens' }));
      expect(refused).toMatchObject({ failure: 'rejected', message: expect.stringMatching(/^Mastodon not reached: http:\/\/127\.0\.0\.1:\d+ is plain HTTP \(https:\/\/ only\)$/) });
      expect(h.stub.requests).toEqual([]);
    });
  });

  describe('Bluesky', () => {
    let h: Harness<BlueskyStub>;
    freshForEachTest(startBluesky, (started) => (h = started));

    it('holds the PDS a login names to the same rules as the service', async () => {
      const didDoc = { id: bskyAccount.did, service: [{ id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: 'http://169.254.169.254' }] };
      h.stub.next('login', { status: 200, body: { ...bskyAccount, accessJwt: 'access-pds', refreshJwt: 'refresh-pds', active: true, didDoc } });
      const refused = await failureOf(h.client().verify());
      expect(refused).toMatchObject({ failure: 'rejected', message: 'Bluesky not reached: http://169.254.169.254 is plain HTTP (https:// only, or http:// on this machine)' });
      expect(h.stub.calls('verify')).toEqual([]);
    });
  });

  describe.each(Object.keys(networks) as NetworkId[])('%s', (id) => {
    let h: Harness;
    freshForEachTest(harnesses[id], (started) => (h = started));

    it('no failure carries the far side’s words', async () => {
      const words = { error: MARKER, message: MARKER, detail: MARKER, title: MARKER, type: MARKER };
      // Not 401: the Bluesky SDK meets it by refreshing the session and asking again, which succeeds.
      for (const status of [400, 403, 404, 413, 429, 500, 503]) {
        h.stub.next('post', { status, body: words });
        const err = await failureOf(h.client().post({ text: `Clinic opens ${status}` }));
        expect(JSON.stringify([err.message, err.details])).not.toContain('MARKER');
      }
    });
  });
});
