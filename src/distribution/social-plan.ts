/**
 * The social side of a distribution: which accounts post, what each posts (composed and
 * measured against its network's own rules before anything is queued), and one delivery
 * per (distribution, account) whose posts wait for the embargo like public email does.
 */
import { findAccount } from '../accounts/accounts.service.js';
import { composePosts, singlePost } from '../channels/social/compose.js';
import { networkById, networks } from '../channels/social/registry.js';
import type { Db } from '../db/client.js';
import type { SocialAccountsTable } from '../db/schema.js';
import { nextDue } from '../ledger/deliveries.js';
import { insertSocialDelivery } from '../ledger/new-deliveries.js';
import { AppError } from '../errors.js';
import type { Queues } from '../queue/queues.js';
import type { ReleaseContent } from '../releases/release.js';
import { findImageMeta, type ReleaseImageMeta } from '../releases/release-image.js';
import type { Release } from '../releases/releases.repo.js';
import { publicPage } from '../releases/public-page.js';

/** `x:@harborlegal` (or an account id) → the account; email is not a --channel, it goes to lists. */
export async function resolveSocialChannels(db: Db, orgId: string, refs: string[]): Promise<SocialAccountsTable[]> {
  const accounts: SocialAccountsTable[] = [];
  for (const ref of refs) {
    if (ref === 'email' || ref.startsWith('email:')) {
      throw new AppError('VALIDATION', 'Email is not a --channel: it goes to the lists given with --list', { issues: [{ field: 'channels', message: `"${ref}" is not a social account` }] });
    }
    const account = await findAccount(db, orgId, ref);
    if (!accounts.some((a) => a.id === account.id)) accounts.push(account);
  }
  return accounts;
}

/** What a release posts: its text, the link to its public page, and its image if it has one. */
export interface SocialSource {
  content: ReleaseContent;
  link: string;
  image?: ReleaseImageMeta;
}

export async function socialSourceOf(db: Db, publicUrl: string, release: Release): Promise<SocialSource> {
  return { content: release.content, link: publicPage(publicUrl, release.id), image: await findImageMeta(db, release.id) };
}

/**
 * The posts an account makes for a release: one, or a thread. Throws a validation error
 * naming the channel when the text is too long or the image too large for its network.
 */
export function postsFor(account: SocialAccountsTable, { content, link, image }: SocialSource): string[] {
  const network = networkById(account.network);
  if (image && image.bytes > network.limits.maxImageBytes) {
    throw new AppError('VALIDATION', `The image is too large for ${network.name}`, {
      issues: [{ field: `channels.${account.network}:${account.name}`, message: `The image is ${image.bytes} bytes; ${network.name} allows ${network.limits.maxImageBytes}. Set a smaller image with presswire releases image` }],
    });
  }
  return composePosts({ network, headline: content.headline, social: content.social, link });
}

/** One network's posts for a release as they would go out, each measured as that network counts. */
export interface PostsPreview {
  network: string;
  maxLength: number;
  unit: string;
  items: { text: string; length: number }[];
  /** Too long for one post, and the release does not ask for a thread: a send would be refused. */
  tooLong: boolean;
}

/** What each network would post, for the desk: a text too long is shown measured, not refused. */
export function previewPosts({ content, link }: SocialSource): PostsPreview[] {
  return Object.values(networks).map((network) => {
    const input = { network, headline: content.headline, social: content.social, link };
    const single = singlePost(input);
    const measured = (text: string) => ({ text, length: network.measure(text) });
    const fits = network.measure(single) <= network.limits.maxLength;
    const items = fits || !content.social?.thread ? [measured(single)] : composePosts(input).map(measured);
    return { network: network.name, maxLength: network.limits.maxLength, unit: network.limits.unit, items, tooLong: !fits && !content.social?.thread };
  });
}

export interface SocialPlan {
  db: Db;
  queues: Queues;
  clock: { now(): number };
}

/** Insert the social deliveries and their posts, and queue one job per account, to run at the lift. */
export async function planSocial(deps: SocialPlan, distribution: { id: string; org_id: string }, accountIds: string[], source: SocialSource): Promise<void> {
  const { db } = deps;
  const distributionId = distribution.id;
  for (const accountId of accountIds) {
    const account = await findAccount(db, distribution.org_id, accountId);
    const deliveryId = await insertSocialDelivery(db, distributionId, account, source.content.language);
    const items = postsFor(account, source).map((text, item) => ({ delivery_id: deliveryId, item, text, status: 'pending' as const, external_id: null, url: null, posted_at: null }));
    await db.kysely.insertInto('social_posts').values(items).onConflict((oc) => oc.columns(['delivery_id', 'item']).doNothing()).execute();
    const due = await nextDue(db, distributionId, { deliveryId });
    if (due !== undefined) await deps.queues.enqueue('social', { accountId: account.id, deliveryId }, { delay: Math.max(0, due - deps.clock.now()) });
  }
}
