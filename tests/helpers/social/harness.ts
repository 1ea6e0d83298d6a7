/**
 * One network, its stub and everything a test needs to talk to it the way production does:
 * valid and invalid credentials and settings, the handle the stub's account has, and clients
 * pointed at the stub (X through HTTPS with an agent trusting the test CA).
 */
import https from 'node:https';
import { afterEach, beforeEach } from 'vitest';
import { bluesky } from '../../../src/channels/social/bluesky.network.js';
import { mastodon } from '../../../src/channels/social/mastodon.network.js';
import type { ClientOptions, NetworkId, SocialClient, SocialNetwork } from '../../../src/channels/social/network.js';
import type { OutboundPolicy } from '../../../src/net/outbound-policy.js';
import { x } from '../../../src/channels/social/x.network.js';
import { bskyCredentials, BlueskyStub } from './bluesky-stub.js';
import { mastodonInstance, MastodonStub, mastodonToken } from './mastodon-stub.js';
import type { StubServer } from './stub-server.js';
import { testCa } from './test-ca.js';
import { xCredentials, XStub } from './x-stub.js';

interface Spec {
  credentials: unknown;
  badCredentials: unknown[];
  settings: unknown;
  badSettings: unknown[];
  /** What `verify()` answers for the stub's account. */
  handle: string;
  /** What a post's public URL looks like. */
  postUrl: RegExp;
  options?: Partial<ClientOptions>;
}

/** The stubs listen on 127.0.0.1, over plain HTTP but for X: what the development settings allow. */
export const stubOutbound: OutboundPolicy = { allowHttp: true, allowPrivateHosts: true };
/** The same development settings, for an app that posts to the stubs. */
export const stubOutboundEnv = { SOCIAL_ALLOW_HTTP: 'true', SOCIAL_ALLOW_PRIVATE_HOSTS: 'true' };

export interface Harness<S extends StubServer = StubServer> extends Spec {
  network: SocialNetwork;
  stub: S;
  /** A client of the stub's account; options override the defaults (a short timeout, another baseUrl). */
  client(options?: Partial<ClientOptions>): SocialClient;
  close(): Promise<void>;
}

function harness<S extends StubServer>(network: SocialNetwork, stub: S, spec: Spec): Harness<S> {
  const credentials: unknown = network.credentials.parse(spec.credentials);
  const settings: unknown = network.settings.parse(spec.settings);
  return {
    ...spec,
    network,
    stub,
    client: (options) => network.createClient(credentials, settings, { timeoutMs: 15_000, baseUrl: stub.url, outbound: stubOutbound, ...spec.options, ...options }),
    close: async () => {
      spec.options?.httpsAgent?.destroy();
      await stub.close();
    },
  };
}

export async function startX(): Promise<Harness<XStub>> {
  const { ca, key, cert } = await testCa();
  return harness(x, await new XStub().start({ key, cert }), {
    credentials: xCredentials,
    badCredentials: [{ appKey: 'k', appSecret: 's' }, { ...xCredentials, accessSecret: '' }],
    settings: {},
    badSettings: [null, 'x'],
    handle: '@presswire',
    postUrl: /^https:\/\/x\.com\/presswire\/status\/\d+$/,
    options: { httpsAgent: new https.Agent({ ca }) },
  });
}

export async function startBluesky(): Promise<Harness<BlueskyStub>> {
  return harness(bluesky, await new BlueskyStub().start(), {
    credentials: bskyCredentials,
    badCredentials: [{ identifier: bskyCredentials.identifier, appPassword: 'my-main-password' }, { identifier: '', appPassword: bskyCredentials.appPassword }],
    settings: {},
    badSettings: [{ service: 'http://pds.example' }, { service: 'pds.example' }],
    handle: '@presswire.bsky.social',
    postUrl: /^https:\/\/bsky\.app\/profile\/presswire\.bsky\.social\/post\/[a-z0-9]+$/,
  });
}

export async function startMastodon(): Promise<Harness<MastodonStub>> {
  return harness(mastodon, await new MastodonStub().start(), {
    credentials: { accessToken: mastodonToken },
    badCredentials: [{}, { accessToken: ' ' }],
    settings: { instance: mastodonInstance },
    badSettings: [{}, { instance: 'http://social.example' }, { instance: 'social.example' }],
    handle: '@presswire@social.example',
    postUrl: /^https:\/\/social\.example\/@presswire\/\d+$/,
  });
}

export const harnesses: Record<NetworkId, () => Promise<Harness>> = { x: startX, bluesky: startBluesky, mastodon: startMastodon };

/** Registers hooks that give each test of the calling suite a fresh stub and client setup. */
export function freshForEachTest<S extends StubServer>(start: () => Promise<Harness<S>>, use: (harness: Harness<S>) => void): void {
  let current: Harness<S> | undefined;
  beforeEach(async () => {
    current = await start();
    use(current);
  });
  afterEach(() => current?.close());
}
