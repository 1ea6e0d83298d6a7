/**
 * Mastodon through its REST API and plain fetch: one bearer token, one instance.
 *
 * Mastodon, unlike X, honours an `Idempotency-Key` on new statuses (kept for an hour): the key
 * is derived from the item and its parent, so a retry of the same item after a lost answer
 * gets the status the first attempt created instead of a second one.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { serviceUrl } from './service-url.js';
import type { ChannelError } from '../channel.js';
import { byStatus, lostRequest, refusedCredentials, unreadableAnswer, type Stage } from './failures.js';
import { graphemeCount } from './graphemes.js';
import { guardedFetch } from '../../net/guarded-fetch.js';
import { Remembered } from './remembered.js';
import { defineNetwork, type ClientOptions, type PostReceipt, type SocialClient, type SocialImage, type SocialItem } from './network.js';

const credentials = z.object({ accessToken: z.string().trim().min(1) });
const settings = z.object({
  /** The instance the account lives on, e.g. https://mastodon.social */
  instance: serviceUrl,
});

// What Mastodon's StatusLengthValidator counts: every http(s) URL as 23, a remote mention as its local part.
const URL_WEIGHT = 'x'.repeat(23);
const urls = /(?<=^|[\s([{"'])https?:\/\/[^\s<>"]+?(?=[.,;:!?)\]}'"]*(?:\s|$))/giu;
const remoteMentions = /(?<![=/\p{L}\p{N}_])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)@[\p{L}\p{N}_.-]+[\p{L}\p{N}_]/giu;

export const mastodon = defineNetwork({
  id: 'mastodon',
  name: 'Mastodon',
  credentials,
  settings,
  serviceUrlSetting: 'instance',
  // Mastodon 4's default image limit; an instance may set a lower one, which it reports as a 422.
  limits: { maxLength: 500, unit: 'characters', maxImageBytes: 16 * 1024 * 1024 },
  measure: (text) => graphemeCount(text.replace(urls, URL_WEIGHT).replace(remoteMentions, '@$1')),
  createClient: (creds, s, options) => new MastodonClient(creds.accessToken, options.baseUrl ?? s.instance, options),
});

const Account = z.object({ id: z.string(), username: z.string(), url: z.string() });
const Status = z.object({ id: z.string(), url: z.string().nullish(), uri: z.string(), content: z.string() });
const Media = z.object({ id: z.string() });

interface Call<T> {
  stage?: Stage;
  method?: 'GET' | 'POST';
  body?: RequestInit['body'];
  headers?: Record<string, string>;
  schema: z.ZodType<T>;
}

class MastodonClient implements SocialClient {
  private readonly base: string;
  private readonly fetch: typeof fetch;
  /** The account, asked once: its id for the timeline. */
  private readonly me = new Remembered(() => this.request('/api/v1/accounts/verify_credentials', { schema: Account }));

  constructor(
    private readonly token: string,
    instance: string,
    options: ClientOptions,
  ) {
    this.base = instance.replace(/\/+$/, '');
    this.fetch = guardedFetch(options.outbound, options.timeoutMs);
  }

  async verify(): Promise<{ handle: string; userId: string }> {
    const me = await this.me.refresh();
    return { handle: `@${me.username}@${new URL(me.url).host}`, userId: me.id };
  }

  async post({ text, image }: SocialItem, replyTo?: PostReceipt): Promise<PostReceipt> {
    const mediaId = image && (await this.upload(image));
    const status = { status: text, visibility: 'public', ...(replyTo && { in_reply_to_id: replyTo.externalId }), ...(mediaId && { media_ids: [mediaId] }) };
    const created = await this.request('/api/v1/statuses', {
      stage: 'post',
      method: 'POST',
      body: JSON.stringify(status),
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey(text, replyTo) },
      schema: Status,
    });
    return receipt(created);
  }

  async findRecent(needle: string): Promise<PostReceipt | undefined> {
    const me = await this.me.get();
    const statuses = await this.request(`/api/v1/accounts/${encodeURIComponent(me.id)}/statuses?limit=20&exclude_reblogs=true`, { schema: z.array(Status) });
    const hit = statuses.find((s) => plainText(s.content).includes(needle));
    return hit && receipt(hit);
  }

  private async upload(image: SocialImage): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([image.data], { type: image.mimeType }), 'image');
    form.append('description', image.alt);
    return (await this.request('/api/v2/media', { method: 'POST', body: form, schema: Media })).id;
  }

  private async request<T>(path: string, { stage = 'other', method = 'GET', body, headers, schema }: Call<T>): Promise<T> {
    let response: Response;
    try {
      response = await this.fetch(`${this.base}${path}`, { method, body, headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', ...headers } });
    } catch (err) {
      throw lostRequest('Mastodon', stage, err);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw classifyMastodon(response.status, response.headers);
    }
    let answer: unknown;
    try {
      answer = await response.json();
    } catch (err) {
      // The body arrived, or part of it: a cut-off body is a lost answer, the rest unreadable.
      throw err instanceof SyntaxError ? unreadableAnswer('Mastodon', stage, err, response.status) : lostRequest('Mastodon', stage, err);
    }
    const parsed = schema.safeParse(answer);
    if (!parsed.success) throw unreadableAnswer('Mastodon', stage, parsed.error, response.status);
    return parsed.data;
  }
}

/** The same item replying to the same parent gets the same key, whichever attempt sends it. */
const idempotencyKey = (text: string, replyTo?: PostReceipt): string =>
  createHash('sha256').update(`${replyTo?.externalId ?? ''}\n${text}`).digest('hex');

const receipt = (s: z.infer<typeof Status>): PostReceipt => ({ externalId: s.id, url: s.url ?? s.uri });

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/** Status HTML as the text that was posted: paragraphs were blank lines; a link split into spans keeps all its characters. */
const plainText = (html: string): string =>
  html
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, name: string) => entities[name] ?? '');

/** By status alone: Mastodon's `error` field is free text, which is not repeated (see failures.ts). */
function classifyMastodon(status: number, headers: Headers): ChannelError {
  // A 403 here is the token's scopes or the account's state (disabled, unconfirmed): a person must act.
  if (status === 403) return refusedCredentials('Mastodon', status, undefined, 'token');
  const reset = Date.parse(headers.get('x-ratelimit-reset') ?? '');
  return byStatus('Mastodon', status, undefined, status === 429 && Number.isFinite(reset) ? { retryAfterMs: Math.max(0, reset - Date.now()) } : {});
}
