/**
 * The social network contract, run against every entry of the registry with its stub: the
 * same behaviour from each adapter, whatever its SDK — schemas, publishing, threads, finding a
 * post again, and the translation of every failure into a `ChannelError` the worker acts on.
 */
import { describe, expect, it } from 'vitest';
import { ChannelError } from '../../src/channels/channel.js';
import type { NetworkId, SocialImage } from '../../src/channels/social/network.js';
import { networks } from '../../src/channels/social/registry.js';
import { freePort } from '../helpers/processes.js';
import { freshForEachTest, harnesses, startX, type Harness } from '../helpers/social/harness.js';
import type { XStub } from '../helpers/social/x-stub.js';

let serial = 0;
/** A post text carrying a release link of its own, as composed posts do. */
const release = (words = 'Harbor Legal Aid opens a second clinic') => {
  const link = `https://press.example.com/r/${Date.now().toString(36)}${++serial}`;
  return { link, text: `${words} ${link}` };
};
const inSeconds = (s: number) => Math.floor(Date.now() / 1000) + s;
// Short enough to keep the suite quick, long enough for a loaded machine to answer a loopback call.
const SHORT_TIMEOUT_MS = 2_000;
const HELD_MS = 60_000;

async function failureOf(promise: Promise<unknown>): Promise<ChannelError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ChannelError);
  return err as ChannelError;
}

describe.each(Object.keys(networks) as NetworkId[])('%s', (id) => {
  let h: Harness;
  freshForEachTest(harnesses[id], (started) => (h = started));

  it('accepts good credentials and settings and refuses bad ones', () => {
    expect(h.network).toBe(networks[id]);
    expect(h.network.credentials.safeParse(h.credentials).success).toBe(true);
    expect(h.network.settings.safeParse(h.settings).success).toBe(true);
    for (const bad of h.badCredentials) expect(h.network.credentials.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    for (const bad of h.badSettings) expect(h.network.settings.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('verify returns the account handle', async () => {
    expect(await h.client().verify()).toMatchObject({ handle: h.handle, userId: expect.any(String) });
  });

  it('posts the exact text once and returns its id and public URL', async () => {
    const { text } = release();
    const receipt = await h.client().post({ text });
    expect(receipt.url).toMatch(h.postUrl);
    expect(h.stub.posts).toEqual([expect.objectContaining({ id: receipt.externalId, text })]);
    expect(h.stub.posts[0]!.replyTo).toBeUndefined();
  });

  it('threads: each item replies to the previous one, also from a new client holding only the stored receipt', async () => {
    const first = await h.client().post({ text: release('Item one').text });
    const second = await h.client().post({ text: 'Item two' }, first);
    const third = await h.client().post({ text: 'Item three' }, { ...second });
    expect(h.stub.posts.map((p) => [p.id, p.replyTo])).toEqual([
      [first.externalId, undefined],
      [second.externalId, first.externalId],
      [third.externalId, second.externalId],
    ]);
  });

  it('findRecent finds a later thread item by its whole text, as the network returns it (t.co, entities, HTML)', async () => {
    const text = `Q&A <for> reporters:\n\nhours & "details" at ${release().link} (2/3)`;
    const posted = await h.client().post({ text });
    expect(await h.client().findRecent(text)).toEqual(posted);
  });

  it('findRecent finds a post by its release link, and nothing for a link never posted', async () => {
    const client = h.client();
    const wanted = release();
    const posted = await client.post({ text: wanted.text });
    await client.post({ text: release('Another release').text });
    expect(await client.findRecent(wanted.link)).toEqual(posted);
    expect(await client.findRecent(release().link)).toBeUndefined();
  });

  it('uploads an image with its alt text along with the post', async () => {
    const image: SocialImage = { data: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), mimeType: 'image/png', alt: 'The new clinic on Harbor Street' };
    await h.client().post({ text: release().text, image });
    expect(h.stub.posts[0]!.media).toEqual([expect.objectContaining({ mimeType: 'image/png', size: image.data.length, alt: image.alt })]);
  });

  describe('failures', () => {
    it('429 → rate_limited, retryAfterMs until the reset, nothing posted', async () => {
      h.stub.next('post', h.stub.rateLimited(inSeconds(600)));
      const err = await failureOf(h.client().post({ text: release().text }));
      expect(err).toMatchObject({ failure: 'rate_limited', details: { code: 429 } });
      expect(err.details.retryAfterMs).toBeGreaterThan(500_000);
      expect(err.details.retryAfterMs).toBeLessThanOrEqual(600_000);
      expect(h.stub.posts).toHaveLength(0);
    });

    it('revoked credentials → auth, for a new client and for one already in session', async () => {
      const inSession = h.client();
      await inSession.verify();
      h.stub.revoke();
      expect(await failureOf(h.client().verify())).toMatchObject({ failure: 'auth' });
      expect(await failureOf(inSession.verify())).toMatchObject({ failure: 'auth' });
      expect(await failureOf(inSession.post({ text: release().text }))).toMatchObject({ failure: 'auth' });
      expect(h.stub.posts).toHaveLength(0);
    });

    it('5xx → retry, and the next attempt posts', async () => {
      const client = h.client();
      const { text } = release();
      h.stub.next('post', h.stub.serverError());
      expect(await failureOf(client.post({ text }))).toMatchObject({ failure: 'retry', details: { code: 503 } });
      await client.post({ text });
      expect(h.stub.posts).toHaveLength(1);
    });

    it('a timeout on the post → ambiguous while the post was made, and findRecent adopts it', async () => {
      const client = h.client({ timeoutMs: SHORT_TIMEOUT_MS });
      await client.verify();
      const { text, link } = release();
      h.stub.next('post', { delayMs: HELD_MS });
      expect(await failureOf(client.post({ text }))).toMatchObject({ failure: 'ambiguous' });
      expect(h.stub.posts).toEqual([expect.objectContaining({ text })]);
      expect((await h.client().findRecent(link))?.externalId).toBe(h.stub.posts[0]!.id);
    });

    it('a timeout on a lookup → retry', async () => {
      const client = h.client({ timeoutMs: SHORT_TIMEOUT_MS });
      await client.verify();
      h.stub.next('recent', { delayMs: HELD_MS });
      expect(await failureOf(client.findRecent('anything'))).toMatchObject({ failure: 'retry' });
    });

    it('a refused connection → retry (nothing reached the network)', async () => {
      const closed = h.stub.url.replace(/:\d+\/$/, `:${await freePort()}/`);
      expect(await failureOf(h.client({ baseUrl: closed }).post({ text: release().text }))).toMatchObject({ failure: 'retry' });
    });
  });
});

describe('X only', () => {
  let h: Harness<XStub>;
  freshForEachTest(startX, (started) => (h = started));

  it('403 duplicate content → rejected with duplicate: true', async () => {
    h.stub.next('post', h.stub.duplicate());
    expect(await failureOf(h.client().post({ text: release().text }))).toMatchObject({ failure: 'rejected', details: { code: 403, duplicate: true } });
  });

  it('a retry after an ambiguous timeout meets the duplicate rule; findRecent finds the post behind it', async () => {
    const { text, link } = release();
    h.stub.next('post', { delayMs: HELD_MS });
    const client = h.client({ timeoutMs: SHORT_TIMEOUT_MS });
    await client.verify();
    expect(await failureOf(client.post({ text }))).toMatchObject({ failure: 'ambiguous' });
    expect(await failureOf(h.client().post({ text }))).toMatchObject({ failure: 'rejected', details: { duplicate: true } });
    expect((await h.client().findRecent(link))?.externalId).toBe(h.stub.posts[0]!.id);
    expect(h.stub.calls('post')).toHaveLength(2);
  });

  it('an exhausted 24-hour window → wait for that reset, not the 15-minute one', async () => {
    h.stub.next('post', h.stub.dailyLimited(inSeconds(20_000), inSeconds(600)));
    const err = await failureOf(h.client().post({ text: release().text }));
    expect(err.failure).toBe('rate_limited');
    expect(err.details.retryAfterMs).toBeGreaterThan(19_000_000);
  });

  it('a read-only app (oauth1-permissions) → auth', async () => {
    const type = 'https://api.twitter.com/2/problems/oauth1-permissions';
    h.stub.next('post', { status: 403, body: { title: 'Forbidden', type, detail: 'Your client app is not configured with the appropriate oauth1 app permissions for this endpoint.', status: 403 } });
    expect(await failureOf(h.client().post({ text: release().text }))).toMatchObject({ failure: 'auth' });
  });
});
