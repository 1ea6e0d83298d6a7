/**
 * Bluesky through @atproto/api, logged in with an app password (revocable, unlike the
 * account password, which the credential schema refuses).
 *
 * A post's receipt is its at:// URI. A reply needs strong references to its parent and to the
 * thread's root; both come from the parent record itself, so a thread resumes from the
 * previous item's stored receipt alone.
 */
import { AppBskyRichtextFacet, AtpAgent, AtUri, RichText, XRPCError, type AppBskyEmbedImages, type AppBskyFeedPost } from '@atproto/api';
import { z } from 'zod';
import { serviceUrl } from './service-url.js';
import { ChannelError } from '../channel.js';
import { byStatus, guardedBy, knownCode, lostRequest, msUntilEpochSeconds, refusedCredentials, unreadableAnswer, type Stage } from './failures.js';
import { graphemeCount } from './graphemes.js';
import { guardedFetch } from '../../net/guarded-fetch.js';
import { Remembered } from './remembered.js';
import { defineNetwork, type ClientOptions, type PostReceipt, type SocialClient, type SocialImage, type SocialItem } from './network.js';

const credentials = z.object({
  /** A handle (name.bsky.social), a DID or the account's email. */
  identifier: z.string().trim().min(1),
  appPassword: z.string().regex(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/, 'must be an app password (xxxx-xxxx-xxxx-xxxx), created under Settings → Privacy and security → App passwords'),
});
const settings = z.object({
  /** The account's PDS, when it is not on bsky.social. */
  service: serviceUrl.optional(),
});

export const bluesky = defineNetwork({
  id: 'bluesky',
  name: 'Bluesky',
  credentials,
  settings,
  serviceUrlSetting: 'service',
  // The app.bsky.embed.images lexicon caps each image blob at 1,000,000 bytes.
  limits: { maxLength: 300, unit: 'graphemes', maxImageBytes: 1_000_000 },
  measure: graphemeCount,
  createClient: (creds, s, options) => new BlueskyClient(creds, options.baseUrl ?? s.service ?? 'https://bsky.social', options),
});

const POST = 'app.bsky.feed.post';
const StrongRef = z.object({ uri: z.string(), cid: z.string() });
const PostRecord = z.object({ text: z.string(), reply: z.object({ root: StrongRef }).optional() });

class BlueskyClient implements SocialClient {
  private readonly agent: AtpAgent;
  /**
   * One login per client (createSession is tightly rate-limited); the SDK refreshes the session,
   * and drops it when it cannot (a revoked app password): then log in again.
   */
  private readonly session: Remembered<unknown>;

  constructor(creds: z.infer<typeof credentials>, service: string, options: ClientOptions) {
    // Every request of the SDK, to this service or to the PDS the account's DID document names, goes through it.
    this.agent = new AtpAgent({ service, fetch: guardedFetch(options.outbound, options.timeoutMs) });
    this.session = new Remembered(
      () => call('other', () => this.agent.login({ identifier: creds.identifier, password: creds.appPassword })),
      () => this.agent.hasSession,
    );
  }

  async verify(): Promise<{ handle: string; userId: string }> {
    await this.session.get();
    const { data } = await call('other', () => this.agent.com.atproto.server.getSession());
    return { handle: `@${data.handle}`, userId: data.did };
  }

  async post({ text, image }: SocialItem, replyTo?: PostReceipt): Promise<PostReceipt> {
    await this.session.get();
    const reply = replyTo && (await call('other', () => this.replyRefs(replyTo.externalId)));
    const embed = image && (await call('other', () => this.imageEmbed(image)));
    const rich = new RichText({ text });
    // Links and tags only: a mention would need its handle resolved, and an unresolved one is an invalid record.
    rich.detectFacetsWithoutResolution();
    const facets = rich.facets?.filter((f) => !f.features.some((feature) => AppBskyRichtextFacet.isMention(feature)));
    const { uri } = await call('post', () => this.agent.post({ $type: POST, text, ...(facets?.length && { facets }), ...(reply && { reply }), ...(embed && { embed }) }));
    return this.receipt(uri);
  }

  /**
   * Read from the account's own repository rather than `getAuthorFeed`: the feed comes from the
   * AppView, which indexes a new post a moment later — exactly the moment a retry after a timeout
   * looks for it — and it also lists reposts of other people's posts.
   */
  async findRecent(needle: string): Promise<PostReceipt | undefined> {
    await this.session.get();
    const { data } = await call('other', () => this.agent.com.atproto.repo.listRecords({ repo: this.agent.accountDid, collection: POST, limit: 20 }));
    const hit = data.records.find((r) => PostRecord.safeParse(r.value).data?.text.includes(needle));
    return hit && this.receipt(hit.uri);
  }

  private async replyRefs(parentUri: string): Promise<AppBskyFeedPost.ReplyRef> {
    const at = new AtUri(parentUri);
    const { data } = await this.agent.com.atproto.repo.getRecord({ repo: at.host, collection: at.collection, rkey: at.rkey });
    const parent = StrongRef.parse(data);
    return { root: PostRecord.parse(data.value).reply?.root ?? parent, parent };
  }

  private async imageEmbed(image: SocialImage): Promise<AppBskyEmbedImages.Main & { $type: 'app.bsky.embed.images' }> {
    const { data } = await this.agent.uploadBlob(image.data, { encoding: image.mimeType });
    return { $type: 'app.bsky.embed.images', images: [{ image: data.blob, alt: image.alt }] };
  }

  private receipt(uri: string): PostReceipt {
    return { externalId: uri, url: `https://bsky.app/profile/${this.agent.session?.handle ?? new AtUri(uri).host}/post/${new AtUri(uri).rkey}` };
  }
}

const call = guardedBy(classifyBluesky);

const authErrors = new Set(['AuthenticationRequired', 'InvalidToken', 'ExpiredToken', 'AccountTakedown', 'AuthFactorTokenRequired']);
/** XRPC error names worth repeating; the `message` beside them is the server's free text and is not. */
const knownErrors = new Set([...authErrors, 'InvalidRequest', 'RateLimitExceeded', 'InternalServerError', 'UpstreamFailure', 'NotEnoughResources', 'MethodNotImplemented', 'RecordNotFound', 'BlobTooLarge', 'AccountDeactivated']);

function classifyBluesky(err: unknown, stage: Stage): ChannelError {
  if (err instanceof ChannelError) return err;
  if (err instanceof z.ZodError) return unreadableAnswer('Bluesky', stage, err);
  if (!(err instanceof XRPCError)) throw err;
  // Below 100: an unreadable answer (2; its message quotes the body) or none (1, a network error or timeout).
  if (err.status === 2) return unreadableAnswer('Bluesky', stage, err);
  if (err.status < 100) return lostRequest('Bluesky', stage, err.cause ?? err);
  const code = knownCode(knownErrors, err.error);
  if (err.status === 401 || authErrors.has(err.error)) return refusedCredentials('Bluesky', err.status, code);
  const reset = Number(err.headers?.['ratelimit-reset']);
  return byStatus('Bluesky', err.status, code, err.status === 429 && Number.isFinite(reset) ? { retryAfterMs: msUntilEpochSeconds(reset) } : {});
}
