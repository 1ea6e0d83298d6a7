/**
 * The social network contract. A network is one adapter file: its credential and setting
 * schemas, its limits and counting rules, and a client that publishes one item at a time.
 *
 * A client is pure I/O: it never touches the database, never retries, never waits out a
 * rate limit. It reports what happened as a `ChannelError` (`retry`, `rate_limited` with
 * `retryAfterMs`, `rejected`, `auth`, `ambiguous`), and the worker decides what to do.
 * Adding a network is one file here, one line in `registry.ts`, and a pass of the shared
 * contract tests.
 */
import type https from 'node:https';
import type { z } from 'zod';
import type { OutboundPolicy } from '../../net/outbound-policy.js';

export type NetworkId = 'x' | 'bluesky' | 'mastodon';

export interface SocialImage {
  data: Buffer;
  mimeType: 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';
  /** Alt text for people who cannot see the image. */
  alt: string;
}

/** One post, or one item of a thread. */
export interface SocialItem {
  text: string;
  image?: SocialImage;
}

export interface PostReceipt {
  /** The network's id of the post (tweet id, at:// URI, status id). */
  externalId: string;
  /** Where people can see it. */
  url: string;
}

export interface SocialClient {
  /** Check the credentials; returns who they belong to. */
  verify(): Promise<{ handle: string; userId?: string }>;
  /** Publish one item; `replyTo` is the previous item of a thread. */
  post(item: SocialItem, replyTo?: PostReceipt): Promise<PostReceipt>;
  /**
   * Among the account's recent posts, the one whose text contains `needle` — how a post whose
   * answer was lost (a timeout) is found and adopted instead of posted twice.
   */
  findRecent(needle: string): Promise<PostReceipt | undefined>;
}

export interface ClientOptions {
  /** Every request gives up after this long (an unanswered request may still have posted). */
  timeoutMs: number;
  /** Where the network's API is, when not its public one (a test server, a proxy). */
  baseUrl?: string;
  /** An agent with extra trusted certificates, for a test server or a proxy. */
  httpsAgent?: https.Agent;
  /** Which hosts requests to a server a user named may reach (X's address is never a user's). */
  outbound: OutboundPolicy;
}

export interface SocialNetwork<Credentials extends z.ZodTypeAny = z.ZodTypeAny, Settings extends z.ZodTypeAny = z.ZodTypeAny> {
  id: NetworkId;
  /** How people name it: "X", "Bluesky", "Mastodon". */
  name: string;
  /** Secret: stored encrypted, never logged, never in job data or API responses. */
  credentials: Credentials;
  /** Not secret (e.g. a Mastodon instance URL). */
  settings: Settings;
  /** The setting that names the API's address, when a user chooses it; checked against the outbound policy. */
  serviceUrlSetting?: keyof z.infer<Settings> & string;
  limits: {
    maxLength: number;
    /** What `measure` counts, for error messages: "weighted characters", "graphemes", "characters". */
    unit: string;
    /** The largest image a post may carry. */
    maxImageBytes: number;
  };
  /** The length of a text as the network counts it (URLs, emoji, CJK, combining marks). */
  measure(text: string): number;
  createClient(credentials: z.infer<Credentials>, settings: z.infer<Settings>, options: ClientOptions): SocialClient;
}

export const defineNetwork = <C extends z.ZodTypeAny, S extends z.ZodTypeAny>(network: SocialNetwork<C, S>): SocialNetwork<C, S> => network;
