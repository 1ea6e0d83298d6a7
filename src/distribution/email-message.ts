/**
 * Turning a delivery row into the bytes sent to the relay: the variant's message is
 * compiled once per process (from the render stored at planning) and personalized here.
 */
import type { EmailMessage } from '../channels/email/email.channel.js';
import { compileMessage, domainOf, formatMailbox, personalizeMessage, type CompiledMessage, type Mailbox } from '../channels/email/mime.js';
import { senderOf } from '../organisations/identity.js';
import type { Db } from '../db/client.js';
import type { DkimKeys } from '../dkim/signing-keys.js';
import type { DeliveryRow } from '../db/schema.js';
import { bounceAddress, replyAddress } from '../tokens/mail-addresses.js';
import { mediaContactOf } from '../releases/media-contact.js';
import { publicPage } from '../releases/public-page.js';
import { slotValues, type TrackingUrls } from '../rendering/personalize.js';
import { emailParts, RenderedEmail } from '../rendering/slots.js';
import type { TokenSigner } from '../tokens/tokens.js';
import { findRender } from './renders.js';

/** A variant ready to personalize: its compiled message and the public page of its release. */
interface Variant {
  compiled: CompiledMessage;
  publicPage: string;
  /** The organisation's sender (the From header). */
  from: Mailbox;
  /** Whether the render has the pixel and link slots, and its tracked links. */
  tracked: boolean;
  links: readonly string[];
  /** Where bounces go: BOUNCE_DOMAIN, or the sender's own domain. */
  bounceDomain: string;
  /** The release's media contact, whom journalists' replies reach. */
  mediaContact: Mailbox | undefined;
}

/** Compiled messages by variant, bounded so a long-lived worker does not grow without end. */
export class MessageCache {
  private readonly entries = new Map<string, Promise<Variant>>();
  constructor(private readonly limit = 64) {}

  get(key: string, load: () => Promise<Variant>): Promise<Variant> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = load();
      entry.catch(() => this.entries.delete(key));
      this.entries.set(key, entry);
      if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    }
    return entry;
  }
}

export interface MessageDeps {
  db: Db;
  messages: MessageCache;
  tokens: TokenSigner;
  /** Signs each copy with the organisation's DKIM key. */
  dkim: Pick<DkimKeys, 'signForDistribution'>;
  config: { publicUrl: string; mailFrom: Mailbox; inbound?: { bounceDomain?: string; replyDomain?: string } };
}

async function loadVariant(deps: MessageDeps, row: DeliveryRow): Promise<Variant> {
  const key = { distributionId: row.distribution_id, variant: row.variant, revision: row.revision, language: row.language };
  const render = await findRender(deps.db, key);
  if (render === undefined) throw new Error(`no ${row.variant} render in ${row.language} for distribution ${row.distribution_id}`);
  // The release (or its translation) in this language, for the public "read online" page.
  const release = await deps.db.kysely
    .selectFrom('distributions as d')
    .innerJoin('releases as r', (join) => join.on((eb) => eb.or([eb('r.id', '=', eb.ref('d.release_id')), eb('r.translation_of', '=', eb.ref('d.release_id'))])))
    .innerJoin('organisations as o', 'o.id', 'd.org_id')
    .select(['r.id', 'r.content', 'o.sender_name', 'o.sender_address'])
    .where('d.id', '=', row.distribution_id)
    .orderBy((eb) => eb.case().when('r.language', '=', row.language).then(0).else(1).end())
    .executeTakeFirstOrThrow();
  const rendered = RenderedEmail.parse(JSON.parse(render));
  const from = senderOf(release, deps.config.mailFrom);
  return {
    compiled: compileMessage({ from, ...emailParts(rendered) }),
    publicPage: publicPage(deps.config.publicUrl, release.id),
    from,
    tracked: rendered.tracked,
    links: rendered.links,
    bounceDomain: deps.config.inbound?.bounceDomain ?? domainOf(from),
    mediaContact: mediaContactOf(release.content),
  };
}

export const unsubscribeUrl = (deps: Pick<MessageDeps, 'tokens' | 'config'>, deliveryId: string): string =>
  `${deps.config.publicUrl}/u/${deps.tokens.sign('unsubscribe', deliveryId)}`;

/** Replies reach the media contact, or our endpoint (REPLY_DOMAIN), which stores and forwards them. */
function replyTo(deps: MessageDeps, variant: Variant, row: DeliveryRow): string | undefined {
  const domain = deps.config.inbound?.replyDomain;
  if (domain) return `<${replyAddress(deps.tokens, row.id, domain)}>`;
  return variant.mediaContact ? formatMailbox(variant.mediaContact) : undefined;
}

/** Headers of one copy. An embargo update answers the copy it updates, so mail clients thread them. */
function personalHeaders(row: DeliveryRow, unsubscribe: string, reply: string | undefined): Record<string, string> {
  return {
    ...(reply ? { 'Reply-To': reply } : {}),
    ...(row.in_reply_to ? { 'In-Reply-To': row.in_reply_to, References: row.in_reply_to } : {}),
    'List-Unsubscribe': `<${unsubscribe}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

/** This copy's open pixel and click redirect, on tokens for this delivery only. */
export const trackingUrls = (deps: Pick<MessageDeps, 'tokens' | 'config'>, deliveryId: string): TrackingUrls => ({
  openUrl: `${deps.config.publicUrl}/o/${deps.tokens.sign('open', deliveryId)}.gif`,
  clickUrl: `${deps.config.publicUrl}/c/${deps.tokens.sign('click', deliveryId)}`,
});

/** `untracked`: the contact asked not to be tracked, so their copy gets direct links and no pixel. */
export async function buildEmail(deps: MessageDeps, row: DeliveryRow, date: Date, untracked = false): Promise<EmailMessage> {
  const variant = await deps.messages.get(`${row.distribution_id}/${row.variant}/${row.revision}/${row.language}`, () => loadVariant(deps, row));
  const unsubscribe = unsubscribeUrl(deps, row.id);
  // An early copy links to the recipient's own page (its code traces a leak); others to the public page.
  const readOnlineUrl = row.reference_code ? `${deps.config.publicUrl}/e/${row.reference_code}` : variant.publicPage;
  // Signing costs a few microseconds: done only for a tracked render's copies.
  const tracking = variant.tracked && !untracked ? { tracking: trackingUrls(deps, row.id) } : {};
  const raw = personalizeMessage(
    variant.compiled,
    { to: { name: row.recipient_name ?? undefined, address: row.address }, messageId: row.message_id, date, headers: personalHeaders(row, unsubscribe, replyTo(deps, variant, row)) },
    slotValues(
      row.language,
      { name: row.recipient_name ?? undefined, email: row.address, unsubscribeUrl: unsubscribe, referenceCode: row.reference_code ?? undefined, readOnlineUrl, ...tracking },
      variant.links,
    ),
  );
  // VERP: the envelope sender names this delivery, so a bounce arriving later finds it.
  return { from: bounceAddress(deps.tokens, row.id, variant.bounceDomain), to: row.address, raw: await deps.dkim.signForDistribution(row.distribution_id, raw) };
}
