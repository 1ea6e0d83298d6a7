/**
 * Social channels through the whole system — API, ledger, per-account queues, workers —
 * against local stubs of X (HTTPS, test CA), Bluesky and Mastodon: one post per account,
 * rate limits waited out, lost answers adopted instead of posted twice, threads resumed
 * where they stopped, a revoked token contained to its account, embargoes held, and no
 * credential ever in the database, Redis or the logs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView } from '../../src/accounts/accounts.service.js';
import { composePosts } from '../../src/channels/social/compose.js';
import { networks } from '../../src/channels/social/registry.js';
import type { Database } from '../../src/db/schema.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { onePixelPng, pngOfSize } from '../helpers/images.js';
import { testRedisUrl } from '../helpers/redis.js';
import { attempts, deliveries, fastTimings, until } from '../helpers/scenario.js';
import { startBluesky, startMastodon, startX, stubOutboundEnv, type Harness } from '../helpers/social/harness.js';
import { bskyCredentials } from '../helpers/social/bluesky-stub.js';
import { mastodonToken } from '../helpers/social/mastodon-stub.js';
import { testCa } from '../helpers/social/test-ca.js';
import { xCredentials, type XStub } from '../helpers/social/x-stub.js';
import type { BlueskyStub } from '../helpers/social/bluesky-stub.js';
import type { MastodonStub } from '../helpers/social/mastodon-stub.js';
import { startTestApp, waitForDistribution, type TestApp } from '../helpers/test-app.js';

/** Never to be seen outside the sealed column: the X secrets are canaries. */
const canary = 'CANARY-7f3e9c2a-do-not-leak';
const secrets = [canary, mastodonToken, bskyCredentials.appPassword];

describe.each(testDatabaseKinds())('social channels (%s)', (database) => {
  let t: TestApp;
  let x: Harness<XStub>;
  let bsky: Harness<BlueskyStub>;
  let masto: Harness<MastodonStub>;
  const logs: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'presswire-social-'));
  let run = 0;

  beforeAll(async () => {
    [x, bsky, masto] = await Promise.all([startX(), startBluesky(), startMastodon()]);
    writeFileSync(join(dir, 'ca.pem'), (await testCa()).ca);
    t = await startTestApp({
      database,
      env: { ...fastTimings, ...stubOutboundEnv, SOCIAL_TIMEOUT_MS: '1500', X_API_BASE_URL: x.stub.url, BLUESKY_SERVICE_URL: bsky.stub.url, SOCIAL_CA_FILE: join(dir, 'ca.pem') },
      log: (line) => logs.push(line),
    });
    const add = (body: unknown) => t.api<AccountView>('POST', '/api/v1/accounts', { json: body });
    expect((await add({ network: 'x', name: '@presswire', credentials: { ...xCredentials, appSecret: canary, accessSecret: canary } })).status).toBe(201);
    expect((await add({ network: 'bluesky', name: 'presswire.bsky.social', credentials: bskyCredentials })).status).toBe(201);
    expect((await add({ network: 'mastodon', name: '@presswire@social.example', settings: { instance: masto.stub.url }, credentials: { accessToken: mastodonToken } })).status).toBe(201);
    expect((await add({ network: 'mastodon', name: 'dry-run-account', settings: { instance: masto.stub.url } })).body.status).toBe('dry_run');
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([x?.close(), bsky?.close(), masto?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** A finalized release with a headline of its own (X refuses to post the same text twice). */
  async function release(extra: { social?: unknown; embargo?: unknown; image?: Buffer } = {}): Promise<string> {
    run++;
    const created = await t.api<{ id: string }>('POST', '/api/v1/releases', {
      json: { content: { headline: `Harbor Legal Aid report ${run}: detained asylum seekers wait months for counsel`, body: 'A report released today.', social: extra.social }, embargo: extra.embargo },
    });
    if (extra.image) {
      const set = await t.api('PUT', `/api/v1/releases/${created.body.id}/image`, { json: { data: extra.image.toString('base64'), alt: 'The new clinic on Harbor Street' } });
      expect(set.status, JSON.stringify(set.body)).toBe(200);
    }
    await t.api('POST', `/api/v1/releases/${created.body.id}/finalize`);
    return created.body.id;
  }
  const send = async (releaseId: string, channels: string[]) => {
    const res = await t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId, channels } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  };
  const postsFor = (h: Harness, releaseId: string) => h.stub.posts.filter((p) => p.text.includes(releaseId) || p.text.includes(`report ${run}`));

  it('posts once per account, with the link to the release, and records each post', async () => {
    const id = await release();
    const dst = await send(id, ['x:@presswire', 'bluesky:presswire.bsky.social', 'mastodon:@presswire@social.example']);
    const final = await waitForDistribution(t, dst);
    expect(final).toMatchObject({ status: 'completed', counts: { posted: 3 } });
    for (const h of [x, bsky, masto]) {
      const posts = postsFor(h, id);
      expect(posts).toHaveLength(1);
      expect(posts[0]!.text).toContain(`https://press.example.org/r/${id}`);
    }
    const lines = await deliveries(t, dst);
    expect(lines.map((l) => l.url).sort()).toEqual(expect.arrayContaining([expect.stringMatching(x.postUrl), expect.stringMatching(bsky.postUrl), expect.stringMatching(masto.postUrl)]));
  });

  it('refuses a second account of the same network and name', async () => {
    const again = await t.api<{ code: string; detail: string }>('POST', '/api/v1/accounts', { json: { network: 'mastodon', name: 'dry-run-account', settings: { instance: masto.stub.url } } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CONFLICT', detail: 'There is already a Mastodon account named "dry-run-account"' });
  });

  it('records a dry run with its exact text and publishes nothing', async () => {
    const id = await release({ social: { default: 'Dry run: detained asylum seekers wait months for counsel' } });
    const before = masto.stub.posts.length;
    const dst = await send(id, ['mastodon:dry-run-account']);
    const final = await waitForDistribution(t, dst);
    expect(final.counts.dry_run).toBe(1);
    const [line] = await deliveries(t, dst);
    const posts = await t.ctx.db.kysely.selectFrom('social_posts').select(['text', 'status']).where('delivery_id', '=', line!.id).execute();
    expect(posts).toEqual([{ text: `Dry run: detained asylum seekers wait months for counsel https://press.example.org/r/${id}`, status: 'dry_run' }]);
    expect(masto.stub.posts.length).toBe(before);
  });

  it('refuses a post that is too long for its network, naming the channel and both lengths', async () => {
    const id = await release({ social: { x: 'A very long post. '.repeat(20) } });
    const res = await t.api<{ issues: { field: string; message: string }[] }>('POST', '/api/v1/distributions', { json: { releaseId: id, channels: ['x:@presswire'] } });
    expect(res.status).toBe(400);
    expect(res.body.issues[0]).toMatchObject({ field: 'social.x' });
    expect(res.body.issues[0]!.message).toMatch(/\d+ weighted characters; X allows 280/);
  });

  it("posts the release's image with its alt text, on the first item of a thread only", async () => {
    const text = 'Families wait months for a lawyer while their cases move ahead without one. '.repeat(8);
    const id = await release({ social: { default: text, thread: true }, image: onePixelPng });
    const before = [x, bsky, masto].map((h) => h.stub.posts.length);
    const dst = await send(id, ['x:@presswire', 'bluesky:presswire.bsky.social', 'mastodon:@presswire@social.example']);
    expect(await waitForDistribution(t, dst)).toMatchObject({ status: 'completed', counts: { posted: 3 } });
    [x, bsky, masto].forEach((h, i) => {
      const [first, ...rest] = h.stub.posts.slice(before[i]);
      expect(rest.length, h.stub.url).toBeGreaterThan(0);
      expect(first!.media).toEqual([expect.objectContaining({ mimeType: 'image/png', size: onePixelPng.length, alt: 'The new clinic on Harbor Street' })]);
      for (const item of rest) expect(item.media).toEqual([]);
    });
  });

  it('refuses an image too large for a network, naming the channel, before anything is queued', async () => {
    const id = await release({ image: pngOfSize(1_200_000) });
    const res = await t.api<{ issues: { field: string; message: string }[] }>('POST', '/api/v1/distributions', { json: { releaseId: id, channels: ['x:@presswire', 'bluesky:presswire.bsky.social'] } });
    expect(res.status).toBe(400);
    expect(res.body.issues[0]).toMatchObject({ field: 'channels.bluesky:presswire.bsky.social', message: expect.stringMatching(/1200000 bytes; Bluesky allows 1000000/) });
    expect(await t.ctx.db.kysely.selectFrom('distributions').select('id').where('release_id', '=', id).execute()).toEqual([]);
  });

  it('waits out a 429 until the reset and posts once, without spending an attempt', async () => {
    const id = await release();
    const reset = Math.ceil(Date.now() / 1000) + 2;
    x.stub.next('post', x.stub.rateLimited(reset));
    const calls = x.stub.calls('post').length;
    const dst = await send(id, ['x:@presswire']);
    await waitForDistribution(t, dst);
    expect(x.stub.calls('post').length - calls).toBe(2);
    expect(postsFor(x, id)).toHaveLength(1);
    const [line] = await deliveries(t, dst);
    const tries = await attempts(t, line!.id);
    expect(tries.map((a) => a.outcome)).toEqual(['throttled', 'posted']);
    expect(tries[1]!.started_at).toBeGreaterThanOrEqual(reset * 1000);
  });

  it('adopts a post whose answer was lost instead of posting it twice', async () => {
    const id = await release();
    x.stub.next('post', { delayMs: 4000 });
    const calls = x.stub.calls('post').length;
    const dst = await send(id, ['x:@presswire']);
    const final = await waitForDistribution(t, dst);
    expect(final.counts.posted).toBe(1);
    expect(x.stub.calls('post').length - calls).toBe(1);
    expect(postsFor(x, id)).toHaveLength(1);
    const [line] = await deliveries(t, dst);
    expect((await attempts(t, line!.id)).map((a) => a.outcome)).toEqual(['ambiguous', 'posted']);
  });

  it('posts a four-item thread in order, resuming after its third item failed once', async () => {
    const long = [
      'The report reviewed 4,812 court records from January 2024 through December 2025.',
      'People with a lawyer were five times more likely to be granted protection than those who faced the court alone.',
      'The median wait between detention and a first meeting with counsel was 97 days.',
      'Seventy-one percent of detained asylum seekers appeared without a lawyer at all.',
      'Represented asylum seekers won protection in 38 percent of cases, compared with 7 percent for those without counsel.',
      'Harbor Legal Aid will hold a virtual press briefing on the findings, and reporters may register online.',
      'The organisation calls for a right to appointed counsel in immigration court for people in detention.',
      'The full report is available on the organisation’s website.',
    ].join(' ');
    expect(composePosts({ network: networks.x, headline: '', social: { x: long, thread: true }, link: 'https://press.example.org/r/rel_0000000000000000000000000' })).toHaveLength(4);
    const id = await release({ social: { x: long, thread: true } });
    x.stub.next('post', { delayMs: 0 }, { delayMs: 0 }, x.stub.serverError());
    const before = x.stub.posts.length;
    const dst = await send(id, ['x:@presswire']);
    await waitForDistribution(t, dst);
    const thread = x.stub.posts.slice(before);
    expect(thread).toHaveLength(4);
    for (let i = 1; i < 4; i++) expect(thread[i]!.replyTo).toBe(thread[i - 1]!.id);
    expect(thread[0]!.text).toContain(`/r/${id}`);
    const [line] = await deliveries(t, dst);
    const items = await t.ctx.db.kysely.selectFrom('social_posts').select(['item', 'external_id']).where('delivery_id', '=', line!.id).orderBy('item').execute();
    expect(items.map((i) => i.external_id)).toEqual(thread.map((p) => p.id));
  });

  it('holds posts of an embargoed release until the lift, even when their job runs early', async () => {
    const lift = Date.now() + 3000;
    const id = await release({ embargo: { until: new Date(lift).toISOString(), zone: 'America/Los_Angeles' } });
    const dst = await send(id, ['bluesky:presswire.bsky.social']);
    const [line] = await until(() => deliveries(t, dst), (rows) => rows.length === 1);
    const account = (await t.api<{ accounts: AccountView[] }>('GET', '/api/v1/accounts')).body.accounts.find((a) => a.network === 'bluesky')!;
    const queueName = `social-${account.id}`;
    const events = new QueueEvents(queueName, { connection: { url: testRedisUrl }, prefix: t.env.REDIS_PREFIX });
    await events.waitUntilReady();
    const redelayed = new Promise<void>((resolve) => events.on('delayed', ({ jobId }) => jobId === `post-${line!.id}` && resolve()));
    const queue = t.ctx.queues.get(queueName);
    // The delivery row is written before its job is queued.
    await until(() => queue.getJobState(`post-${line!.id}`), (state) => state === 'delayed');
    await (await queue.getJob(`post-${line!.id}`))!.promote();
    await redelayed;
    await events.close();
    expect(postsFor(bsky, id)).toHaveLength(0);
    await waitForDistribution(t, dst);
    expect(Date.now()).toBeGreaterThanOrEqual(lift);
    expect(postsFor(bsky, id)).toHaveLength(1);
  });

  it('marks an account whose token was revoked, and the other accounts keep posting', async () => {
    masto.stub.revoke();
    const id = await release();
    const dst = await send(id, ['x:@presswire', 'mastodon:@presswire@social.example']);
    const final = await waitForDistribution(t, dst);
    expect(final).toMatchObject({ status: 'completed_with_failures', counts: { posted: 1, failed: 1 } });
    const failed = (await deliveries(t, dst)).find((d) => d.status === 'failed')!;
    expect(failed.reason).toMatch(/needs to be reconnected/);
    const { body } = await t.api<{ accounts: AccountView[] }>('GET', '/api/v1/accounts');
    expect(body.accounts.find((a) => a.name === '@presswire@social.example')!.status).toBe('needs_reconnect');
    expect(postsFor(x, id)).toHaveLength(1);
    const verified = await t.api<AccountView>('POST', `/api/v1/accounts/${encodeURIComponent('mastodon:@presswire@social.example')}/verify`);
    expect(verified.body.status).toBe('needs_reconnect');
  });

  it('keeps credentials out of the database, Redis, the logs and the API', async () => {
    const tables: (keyof Database)[] = ['releases', 'contacts', 'lists', 'list_members', 'suppressions', 'distributions', 'renders', 'deliveries', 'delivery_attempts', 'social_accounts', 'social_posts', 'reference_views', 'api_tokens', 'organisations', 'audit_log'];
    let dump = '';
    for (const table of tables) dump += JSON.stringify(await t.ctx.db.kysely.selectFrom(table).selectAll().execute());
    const redis = new Redis(testRedisUrl);
    const keys = await redis.keys(`${t.env.REDIS_PREFIX}:*`);
    for (const key of keys) {
      const type = await redis.type(key);
      const value =
        type === 'string' ? await redis.get(key)
        : type === 'hash' ? await redis.hgetall(key)
        : type === 'list' ? await redis.lrange(key, 0, -1)
        : type === 'set' ? await redis.smembers(key)
        : type === 'zset' ? await redis.zrange(key, 0, -1)
        : type === 'stream' ? await redis.xrange(key, '-', '+')
        : null;
      dump += JSON.stringify(value);
    }
    redis.disconnect();
    const api = JSON.stringify((await t.api('GET', '/api/v1/accounts')).body);
    expect(keys.length).toBeGreaterThan(0);
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(dump).not.toContain(secret);
      expect(logs.join('\n')).not.toContain(secret);
      expect(api).not.toContain(secret);
    }
  });
});
