/** What only Bluesky needs: thread roots, link facets in UTF-8 bytes, one login, its error names. */
import { describe, expect, it } from 'vitest';
import { freshForEachTest, startBluesky, type Harness } from '../../helpers/social/harness.js';
import type { BlueskyStub } from '../../helpers/social/bluesky-stub.js';

let h: Harness<BlueskyStub>;
freshForEachTest(startBluesky, (started) => (h = started));

describe('Bluesky client', () => {
  it('keeps the thread root on every reply, even when a new client resumes from the last receipt', async () => {
    const first = await h.client().post({ text: 'One' });
    const second = await h.client().post({ text: 'Two' }, first);
    await h.client().post({ text: 'Three' }, second);
    const refs = h.stub.records.map((r) => r.value.reply && { root: r.value.reply.root.uri, parent: r.value.reply.parent.uri });
    expect(refs).toEqual([undefined, { root: first.externalId, parent: first.externalId }, { root: first.externalId, parent: second.externalId }]);
    expect(h.stub.records[2]!.value.reply!.root.cid).toBe(h.stub.records[0]!.cid);
  });

  it('links URLs with facets in UTF-8 byte offsets, and leaves @mentions plain', async () => {
    const link = 'https://press.example.com/r/1';
    const text = `Ünïcode 日本 ${link} @someone.bsky.social`;
    await h.client().post({ text });
    const [facet, ...others] = h.stub.records[0]!.value.facets ?? [];
    const bytes = Buffer.from(text);
    expect(bytes.subarray(facet!.index.byteStart, facet!.index.byteEnd).toString()).toBe(link);
    expect(facet!.features).toEqual([{ $type: 'app.bsky.richtext.facet#link', uri: link }]);
    expect(others).toEqual([]);
  });

  it('logs in once for all the calls of a client', async () => {
    const client = h.client();
    await client.verify();
    await client.post({ text: 'One' });
    await client.findRecent('One');
    expect(h.stub.logins).toBe(1);
  });

  it('a failed login is tried again on the next call', async () => {
    const client = h.client();
    h.stub.next('login', h.stub.serverError());
    await expect(client.verify()).rejects.toMatchObject({ failure: 'retry' });
    await expect(client.verify()).resolves.toMatchObject({ handle: '@presswire.bsky.social' });
  });

  it('an invalid record (400) → rejected', async () => {
    await expect(h.client().post({ text: 'a'.repeat(301) })).rejects.toMatchObject({ failure: 'rejected', details: { code: 400 } });
  });

  it('a rate-limited login → rate_limited, not a post that may exist', async () => {
    h.stub.next('login', h.stub.rateLimited(Math.floor(Date.now() / 1000) + 300));
    await expect(h.client().post({ text: 'One' })).rejects.toMatchObject({ failure: 'rate_limited' });
  });
});
