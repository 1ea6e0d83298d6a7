/**
 * The open pixel and the click redirect, as use cases: check the token, decide whether a
 * person or a machine asked (machine-activity.ts), and record the event through the one
 * writer (delivery-events.ts). Every request is an event of its own; unique counts come
 * from report-events.ts. A bad token or a link that was not in the delivery's message records
 * nothing and says nothing about the delivery.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/client.js';
import { findRender } from '../distribution/renders.js';
import { RenderedEmail } from '../rendering/slots.js';
import { recordDeliveryEvent, type EventDeps } from './delivery-events.js';
import { machineReason } from './machine-activity.js';
import type { TokenSigner } from '../tokens/tokens.js';

export interface TrackingDeps extends EventDeps {
  tokens: TokenSigner;
}

/** Who asked: from the HTTP request, nothing else. */
export interface Visit {
  method: string;
  ip: string | undefined;
  userAgent: string | undefined;
}

async function emailDelivery(db: Db, id: string) {
  return db.kysely
    .selectFrom('deliveries')
    .select(['id', 'distribution_id', 'variant', 'revision', 'language', 'finished_at'])
    .where('id', '=', id)
    .where('kind', '=', 'email')
    .executeTakeFirst();
}
type Delivery = NonNullable<Awaited<ReturnType<typeof emailDelivery>>>;

/** Records an open; false when the token is not genuine (nothing recorded). */
export async function recordOpen(deps: TrackingDeps, token: string, visit: Visit): Promise<boolean> {
  const id = deps.tokens.verify('open', token);
  const delivery = id && (await emailDelivery(deps.db, id));
  if (!delivery) return false;
  const at = deps.clock.now();
  const reason = machineReason({ kind: 'open', ...visit, at, acceptedAt: delivery.finished_at });
  await recordDeliveryEvent(deps, { deliveryId: delivery.id, type: 'open', source: 'pixel', eventKey: randomUUID(), machineReason: reason, ...seen(visit), occurredAt: at });
  return true;
}

export type ClickResult = { kind: 'redirect'; url: string } | { kind: 'unknown' } | { kind: 'not_in_message' };

/** Records a click and gives the link to redirect to, only when `url` was in that delivery's message. */
export async function followClick(deps: TrackingDeps, token: string, url: string | undefined, visit: Visit): Promise<ClickResult> {
  const id = deps.tokens.verify('click', token);
  const delivery = id && (await emailDelivery(deps.db, id));
  if (!delivery) return { kind: 'unknown' };
  if (url === undefined || !(await linksOf(deps.db, delivery)).has(url)) return { kind: 'not_in_message' };
  const at = deps.clock.now();
  const others = await otherLinksClickedSince(deps.db, delivery.id, url, visit, at - 1000);
  const reason = machineReason({ kind: 'click', ...visit, at, acceptedAt: delivery.finished_at, otherLinksThisSecond: others });
  await recordDeliveryEvent(deps, { deliveryId: delivery.id, type: 'click', source: 'redirect', eventKey: randomUUID(), url, machineReason: reason, ...seen(visit), occurredAt: at });
  return { kind: 'redirect', url };
}

const seen = (visit: Visit) => ({ ip: visit.ip, userAgent: visit.userAgent });

// A stored render never changes, so its links are kept once read: a redirect must not parse a whole message.
const renderLinks = new Map<string, Promise<Set<string>>>();
const renderLinksLimit = 256;

function linksOf(db: Db, delivery: Delivery): Promise<Set<string>> {
  const key = { distributionId: delivery.distribution_id, variant: delivery.variant, revision: delivery.revision, language: delivery.language };
  const cacheKey = JSON.stringify(key);
  let links = renderLinks.get(cacheKey);
  if (!links) {
    links = findRender(db, key).then((content) => new Set(content === undefined ? [] : RenderedEmail.parse(JSON.parse(content)).links));
    links.catch(() => renderLinks.delete(cacheKey));
    renderLinks.set(cacheKey, links);
    if (renderLinks.size > renderLinksLimit) renderLinks.delete(renderLinks.keys().next().value!);
  }
  return links;
}

/** Clicks on other links of this delivery by the same client (address and user agent) since `since`. */
async function otherLinksClickedSince(db: Db, deliveryId: string, url: string, visit: Visit, since: number): Promise<number> {
  const row = await db.kysely
    .selectFrom('delivery_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('delivery_id', '=', deliveryId)
    .where('type', '=', 'click')
    .where('occurred_at', '>=', since)
    .where(sql<boolean>`url <> ${url}`)
    .where(sql<boolean>`coalesce(ip, '') = ${visit.ip ?? ''} and coalesce(user_agent, '') = ${visit.userAgent?.slice(0, 500) ?? ''}`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
