/**
 * X (Twitter) through twitter-api-v2, as the user the OAuth 1.0a tokens belong to.
 *
 * twitter-api-v2 1.29.1 has no default timeout and a broken `cloneWithPrefix`, so one plugin
 * both points every call at `baseUrl` and sets the timeout (research note A4).
 */
import twitterText from 'twitter-text';
import { ApiPartialResponseError, ApiRequestError, ApiResponseError, TwitterApi, type ITwitterApiClientPlugin, type TweetV2, type TwitterApiv2 } from 'twitter-api-v2';
import { z } from 'zod';
import { ChannelError } from '../channel.js';
import { byStatus, guardedBy, httpReply, lostRequest, msUntilEpochSeconds, refusedCredentials, type Stage } from './failures.js';
import { Remembered } from './remembered.js';
import { defineNetwork, type ClientOptions, type PostReceipt, type SocialClient, type SocialImage, type SocialItem } from './network.js';

const credentials = z.object({
  appKey: z.string().min(1),
  appSecret: z.string().min(1),
  accessToken: z.string().min(1),
  accessSecret: z.string().min(1),
});
const settings = z.object({});

export const x = defineNetwork({
  id: 'x',
  name: 'X',
  credentials,
  settings,
  limits: { maxLength: 280, unit: 'weighted characters', maxImageBytes: 5 * 1024 * 1024 },
  measure: (text) => twitterText.parseTweet(text).weightedLength,
  createClient: (creds, _settings, options) => new XClient(creds, options),
});

/** Rewrites api.x.com and upload.x.com to `baseUrl`, and gives every request a timeout. */
function redirect(options: ClientOptions): ITwitterApiClientPlugin {
  const base = options.baseUrl?.replace(/\/*$/, '/');
  return {
    onBeforeRequestConfig({ params }) {
      if (base) params.url = params.url.replace(/^https:\/\/(api|upload)\.x\.com\//, base);
      params.timeout ??= options.timeoutMs;
    },
  };
}

interface Me {
  id: string;
  username: string;
}

class XClient implements SocialClient {
  private readonly api: TwitterApiv2;
  /** Who the tokens belong to, asked once: the id for the timeline, the username for post URLs. */
  private readonly me: Remembered<Me>;

  constructor(creds: z.infer<typeof credentials>, options: ClientOptions) {
    this.api = new TwitterApi(creds, { plugins: [redirect(options)], httpAgent: options.httpsAgent }).v2;
    this.me = new Remembered(() => call('other', () => this.api.me()).then(({ data }) => ({ id: data.id, username: data.username })));
  }

  async verify(): Promise<{ handle: string; userId: string }> {
    const me = await this.me.refresh();
    return { handle: `@${me.username}`, userId: me.id };
  }

  async post({ text, image }: SocialItem, replyTo?: PostReceipt): Promise<PostReceipt> {
    const me = await this.me.get();
    const mediaId = image && (await call('other', () => this.upload(image)));
    const { data } = await call('post', () =>
      this.api.tweet({
        text,
        ...(replyTo && { reply: { in_reply_to_tweet_id: replyTo.externalId } }),
        ...(mediaId && { media: { media_ids: [mediaId] } }),
      }),
    );
    return receipt(me, data.id);
  }

  async findRecent(needle: string): Promise<PostReceipt | undefined> {
    const me = await this.me.get();
    const timeline = await call('other', () => this.api.userTimeline(me.id, { max_results: 20, exclude: ['retweets'], 'tweet.fields': ['entities'] }));
    const hit = timeline.tweets.find((t) => asPosted(t).includes(needle));
    return hit && receipt(me, hit.id);
  }

  private async upload(image: SocialImage): Promise<string> {
    const mediaId = await this.api.uploadMedia(image.data, { media_type: image.mimeType });
    if (image.alt) await this.api.createMediaMetadata(mediaId, { alt_text: { text: image.alt } });
    return mediaId;
  }
}

const receipt = (me: Me, id: string): PostReceipt => ({ externalId: id, url: `https://x.com/${me.username}/status/${id}` });

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/** A tweet's text as it was posted: X returns links as t.co (the originals are in `entities.urls`) and escapes &, < and >. */
const asPosted = (tweet: TweetV2): string =>
  (tweet.entities?.urls ?? [])
    .reduce((text, u) => text.replaceAll(u.url, u.expanded_url ?? u.url), tweet.text)
    .replace(/&(amp|lt|gt);/g, (entity) => entities[entity]!);

const call = guardedBy(classifyX);

function classifyX(err: unknown, stage: Stage): ChannelError {
  if (err instanceof ChannelError) return err;
  if (err instanceof ApiResponseError) return fromResponse(err);
  // 1.29.1 hides the socket error: the getter reads `requestError`, the builder stores `error`.
  if (err instanceof ApiRequestError) return lostRequest('X', stage, (err as unknown as { _options?: { error?: unknown } })._options?.error ?? err);
  if (err instanceof ApiPartialResponseError) return lostRequest('X', stage, err);
  // The library's message goes on to quote X's reason, which is not repeated.
  if (err instanceof Error && err.message.startsWith('Media processing failed')) return new ChannelError('rejected', 'X could not process the image', { reply: 'media processing failed' });
  throw err;
}

// Problems that no retry of any post fixes until someone changes the app in X's developer portal.
const appProblems = new Set(['oauth1-permissions', 'client-forbidden', 'unsupported-authentication']);

/** The name of one of X's problem types (".../2/problems/usage-capped"): a code, unlike `detail` and `title`, which are free text. */
const problemName = (type: string | undefined): string | undefined => /^https:\/\/api\.(?:twitter|x)\.com\/2\/problems\/([a-z0-9-]{1,60})$/.exec(type ?? '')?.[1];

function fromResponse(err: ApiResponseError): ChannelError {
  const data = (err.data ?? {}) as { detail?: string; title?: string; type?: string };
  const code = problemName(data.type);
  if (err.code === 429) return byStatus('X', 429, code, { retryAfterMs: retryAfterMs(err.headers) });
  if (err.isAuthError || appProblems.has(code ?? '')) return refusedCredentials('X', err.code, code);
  if (err.code === 403 && (/duplicate content/i.test(data.detail ?? data.title ?? err.message) || err.hasErrorCode(187))) {
    const reply = httpReply(403, code);
    return new ChannelError('rejected', `X refused a duplicate post (${reply})`, { code: 403, reply, duplicate: true });
  }
  return byStatus('X', err.code, code);
}

const windows = ['x-rate-limit', 'x-user-limit-24hour', 'x-app-limit-24hour'];

/**
 * The 15-minute window, unless a 24-hour window is the one used up: then wait for that one
 * (waiting 15 minutes would only earn another 429).
 */
function retryAfterMs(headers: Record<string, string | string[] | undefined>): number | undefined {
  const reset = (w: string) => Number(headers[`${w}-reset`]);
  const exhausted = windows.filter((w) => headers[`${w}-remaining`] === '0' && Number.isFinite(reset(w)));
  const candidates = (exhausted.length ? exhausted : ['x-rate-limit']).map(reset).filter(Number.isFinite);
  return candidates.length ? msUntilEpochSeconds(Math.max(...candidates)) : undefined;
}
