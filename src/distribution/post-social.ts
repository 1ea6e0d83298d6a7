/**
 * Publishing one social delivery (the `social.post` job): a post, or a thread posted one
 * item at a time, each item's id stored before the next is sent, so a retry resumes where
 * it stopped instead of posting again. A post whose answer was lost (a timeout) is looked
 * for among the account's recent posts and adopted when found: X has no idempotency key.
 */
import { clientFor, findAccount, setAccountStatus, type SocialSettings } from '../accounts/accounts.service.js';
import type { SecretBox } from '../accounts/secret-box.js';
import { ChannelError } from '../channels/channel.js';
import type { PostReceipt, SocialClient, SocialImage, SocialItem } from '../channels/social/network.js';
import type { Db } from '../db/client.js';
import type { DeliveryRow, SocialAccountsTable, SocialPostsTable } from '../db/schema.js';
import { cancelOwed, claimDue, nextDue, recordOutcomes, type Outcome } from '../ledger/deliveries.js';
import { completeIfDone } from '../ledger/distributions.js';
import { holdLease } from '../ledger/lease.js';
import type { Logger } from '../logger.js';
import type { PostPayload } from '../queue/jobs.js';
import type { Queues } from '../queue/queues.js';
import { loadImage } from '../releases/release-image.js';
import { announce } from '../webhooks/emit.js';
import { socialPosted } from '../webhooks/events.js';
import { acceptedOutcome, failureOutcome, type RetryPolicy } from './delivery-policy.js';
import { loadDistribution } from './distributions.repo.js';

export interface PostDeps {
  db: Db;
  secretBox: SecretBox;
  logger: Logger;
  workerId: string;
  retry: RetryPolicy;
  social: SocialSettings;
  leaseMs: number;
  clock: { now(): number };
  /** Where webhook events of posts and completed distributions are queued. */
  queues: Queues;
  /** Clients by account, so a session (Bluesky) is opened once; rebuilt when the account changes. */
  clients: Map<string, { updatedAt: number; client: SocialClient }>;
}

export type PostResult = { kind: 'done' } | { kind: 'later'; at: number } | { kind: 'throttled'; ms: number; at: number };

type Item = SocialPostsTable;

export async function postSocialDelivery(deps: PostDeps, payload: PostPayload): Promise<PostResult> {
  const delivery = await deps.db.kysely.selectFrom('deliveries').select(['id', 'distribution_id']).where('id', '=', payload.deliveryId).executeTakeFirst();
  if (!delivery) return { kind: 'done' };
  const scope = { deliveryId: delivery.id };
  const distribution = await loadDistribution(deps.db, delivery.distribution_id);
  if (distribution.status === 'cancelled') {
    await cancelOwed(deps.db, distribution.id, scope);
    return { kind: 'done' };
  }
  // The claim checks the embargo against the database clock: a post that runs early is not due.
  const [row] = await claimDue(deps.db, { distributionId: distribution.id, scope, owner: deps.workerId, leaseMs: deps.leaseMs, limit: 1 });
  if (!row) {
    const at = await nextDue(deps.db, distribution.id, scope);
    return at === undefined ? { kind: 'done' } : { kind: 'later', at };
  }
  // A thread and its network's timeouts can outlast one lease: keep it while publishing.
  const lease = holdLease(deps.db, [row.id], deps.workerId, deps.leaseMs, (err) => deps.logger.warn({ err }, 'could not renew a post lease'));
  let outcome: Outcome;
  try {
    outcome = await publishDelivery(deps, payload, row, distribution);
    await recordOutcomes(deps.db, [outcome], deps.workerId);
    if (outcome.status === 'posted') await announce(deps, distribution.org_id, [socialPosted({ deliveryId: row.id, distributionId: distribution.id, accountId: payload.accountId, url: outcome.externalUrl, postId: outcome.externalId, at: outcome.finishedAt })]);
  } finally {
    lease.stop();
  }
  if (outcome.throttled) return { kind: 'throttled', ms: (outcome.nextAttemptAt ?? outcome.finishedAt) - outcome.finishedAt, at: outcome.nextAttemptAt ?? outcome.finishedAt };
  if (outcome.nextAttemptAt !== undefined && outcome.status !== 'failed') return { kind: 'later', at: outcome.nextAttemptAt };
  await completeIfDone(deps, distribution.id);
  return { kind: 'done' };
}

/** Publish (or adopt) the delivery's posts and say what came of it. */
async function publishDelivery(deps: PostDeps, payload: PostPayload, row: DeliveryRow, distribution: { org_id: string; release_id: string }): Promise<Outcome> {
  const account = await findAccount(deps.db, distribution.org_id, payload.accountId);
  const items = await deps.db.kysely.selectFrom('social_posts').selectAll().where('delivery_id', '=', row.id).orderBy('item').execute();
  const image = await loadImage(deps.db, distribution.release_id);
  const startedAt = deps.clock.now();
  const result = await publish(deps, account, items, image);
  const t = { startedAt, finishedAt: deps.clock.now() };
  switch (result.kind) {
    case 'posted':
      return { ...acceptedOutcome(row, { reply: `posted ${result.first.url}` }, t, 'posted'), externalId: result.first.externalId, externalUrl: result.first.url };
    case 'dry_run':
      return { id: row.id, status: 'dry_run', attempt: row.attempts + 1, attemptOutcome: 'dry_run', reply: `not published (no credentials): ${items.map((i) => i.text).join(' / ')}${image ? ` [image: ${image.alt}]` : ''}`, ...t };
    case 'needs_reconnect':
      return { id: row.id, status: 'failed', attempt: row.attempts + (result.attempted ? 1 : 0), attemptOutcome: 'auth', reason: `account ${account.name} needs to be reconnected: ${result.reply}`, reply: result.reply, ...t };
    case 'error':
      return failureOutcome(row, result.error, deps.retry, t);
  }
}

type Published =
  | { kind: 'posted'; first: PostReceipt }
  | { kind: 'dry_run' }
  | { kind: 'needs_reconnect'; reply: string; attempted: boolean }
  | { kind: 'error'; error: ChannelError };

async function publish(deps: PostDeps, account: SocialAccountsTable, items: Item[], image: SocialImage | undefined): Promise<Published> {
  if (account.status === 'needs_reconnect') return { kind: 'needs_reconnect', reply: account.last_error ?? 'the network refused its credentials', attempted: false };
  if (!account.credentials) {
    await deps.db.kysely.updateTable('social_posts').set({ status: 'dry_run' }).where('delivery_id', '=', items[0]!.delivery_id).execute();
    return { kind: 'dry_run' };
  }
  let client = clientOf(deps, account);
  let fresh = false;
  let previous: PostReceipt | undefined;
  for (const item of items) {
    if (item.status === 'posted') {
      previous = { externalId: item.external_id!, url: item.url! };
      continue;
    }
    // The image goes with the first item, the one that carries the link.
    const post: SocialItem = { text: item.text, ...(item.item === 0 && image && { image }) };
    let result = await publishItem(client, item, post, previous);
    if (result instanceof ChannelError && result.failure === 'auth' && !fresh) {
      // A long-idle session may have expired (Bluesky): log in again once before blaming the credentials.
      deps.clients.delete(account.id);
      client = clientOf(deps, account);
      fresh = true;
      result = await publishItem(client, item, post, previous);
    }
    if (result instanceof ChannelError) return failed(deps, account, item, result);
    previous = result;
    await deps.db.kysely.updateTable('social_posts').set({ status: 'posted', external_id: previous.externalId, url: previous.url, posted_at: deps.clock.now() }).where('delivery_id', '=', item.delivery_id).where('item', '=', item.item).execute();
  }
  const first = items[0]!;
  const stored = await deps.db.kysely.selectFrom('social_posts').select(['external_id', 'url']).where('delivery_id', '=', first.delivery_id).where('item', '=', 0).executeTakeFirstOrThrow();
  return { kind: 'posted', first: { externalId: stored.external_id!, url: stored.url! } };
}

/**
 * Post one item, or adopt it: after a lost answer (ambiguous) or a "duplicate" refusal the
 * post may already exist, so it is looked for among the account's recent posts first.
 */
async function publishItem(client: SocialClient, item: Item, post: SocialItem, replyTo: PostReceipt | undefined): Promise<PostReceipt | ChannelError> {
  try {
    const found = item.status === 'ambiguous' ? await client.findRecent(needleOf(item)) : undefined;
    return found ?? (await client.post(post, replyTo));
  } catch (err) {
    if (!(err instanceof ChannelError)) throw err;
    if (!err.details.duplicate) return err;
    return (await client.findRecent(needleOf(item)).catch(() => undefined)) ?? err;
  }
}

/** The first item carries the release link, unique enough to find; later items are found by their text. */
const needleOf = (item: Item) => (item.item === 0 ? (/https?:\/\/\S+/.exec(item.text)?.[0] ?? item.text) : item.text);

async function failed(deps: PostDeps, account: SocialAccountsTable, item: Item, err: ChannelError): Promise<Published> {
  if (err.failure === 'auth') {
    await setAccountStatus(deps.db, account.id, 'needs_reconnect', deps.clock.now(), err.message);
    deps.logger.error({ account: account.id, network: account.network, reply: err.details.reply }, 'social account needs to be reconnected');
    return { kind: 'needs_reconnect', reply: err.details.reply ?? err.message, attempted: true };
  }
  if (err.failure === 'ambiguous') {
    await deps.db.kysely.updateTable('social_posts').set({ status: 'ambiguous' }).where('delivery_id', '=', item.delivery_id).where('item', '=', item.item).execute();
  }
  if (err.details.duplicate) return { kind: 'error', error: new ChannelError('rejected', `duplicate content, and no post of ours was found: ${err.message}`, { ...err.details }) };
  return { kind: 'error', error: err };
}

function clientOf(deps: PostDeps, account: SocialAccountsTable): SocialClient {
  const cached = deps.clients.get(account.id);
  if (cached && cached.updatedAt === account.updated_at) return cached.client;
  const client = clientFor(deps, account, deps.social);
  deps.clients.set(account.id, { updatedAt: account.updated_at, client });
  return client;
}

