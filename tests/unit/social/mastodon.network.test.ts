/** What only Mastodon needs: the idempotency key, HTML content, and its own error shapes. */
import { describe, expect, it } from 'vitest';
import { freshForEachTest, startMastodon, type Harness } from '../../helpers/social/harness.js';
import type { MastodonStub } from '../../helpers/social/mastodon-stub.js';

let h: Harness<MastodonStub>;
freshForEachTest(startMastodon, (started) => (h = started));

describe('Mastodon client', () => {
  it('retrying the same item after a timeout gets the status already made, not a second one', async () => {
    const text = 'Clinic opens https://press.example.com/r/1';
    h.stub.next('post', { delayMs: 60_000 });
    await expect(h.client({ timeoutMs: 2_000 }).post({ text })).rejects.toMatchObject({ failure: 'ambiguous' });
    const receipt = await h.client().post({ text });
    expect(h.stub.posts).toEqual([expect.objectContaining({ id: receipt.externalId, text })]);
    const keys = h.stub.calls('post').map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('the same text replying to another parent is another post', async () => {
    const parent = await h.client().post({ text: 'Parent' });
    await h.client().post({ text: 'Same words' });
    await h.client().post({ text: 'Same words' }, parent);
    expect(h.stub.posts.map((p) => p.replyTo)).toEqual([undefined, undefined, parent.externalId]);
  });

  it('findRecent reads through the HTML: links split into spans, escaped ampersands', async () => {
    const link = 'https://press.example.com/releases/2026/harbor-legal-aid?lang=en&ref=wire';
    const posted = await h.client().post({ text: `Read "it" <here>: ${link}` });
    expect(await h.client().findRecent(link)).toEqual(posted);
    expect(await h.client().findRecent('Read "it" <here>')).toEqual(posted);
  });

  it('422 → rejected (by its status: the instance\'s words are not repeated); 403 (scopes, a disabled login) → auth', async () => {
    h.stub.next('post', { status: 422, body: { error: 'Validation failed: Text character limit of 500 exceeded' } });
    await expect(h.client().post({ text: 'x' })).rejects.toMatchObject({ failure: 'rejected', message: 'Mastodon answered HTTP 422', details: { code: 422, reply: 'HTTP 422' } });
    h.stub.next('post', { status: 403, body: { error: 'This action is outside the authorized scopes' } });
    await expect(h.client().post({ text: 'x' })).rejects.toMatchObject({ failure: 'auth' });
  });
});
