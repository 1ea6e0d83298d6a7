/**
 * A journalist's reply to a per-delivery reply address (REPLY_DOMAIN): forwarded to the
 * release's media contact with the journalist's address intact (Reply-To: the journalist),
 * then stored as a 'reply' event on the delivery. Forwarded first, stored second: a relay that
 * is down fails the SMTP transaction (451), so the journalist's mail system tries again, and
 * the event's key (and the forward's Message-ID, derived from it) make the retry apply once.
 */
import sanitizeHtml from 'sanitize-html';
import type { Mailbox } from '../channels/email/mime.js';
import { checkAddress } from '../contacts/address.js';
import { identityFor } from '../organisations/identity.js';
import { escapeHtml } from '../rendering/escape.js';
import { mediaContactOf } from '../releases/media-contact.js';
import { recordDeliveryEvent } from '../tracking/delivery-events.js';
import { inboundEventKey } from './event-key.js';
import type { DeliveryRef, InboundDeps, InboundEnvelope, InboundOutcome } from './deps.js';
import type { ParsedMail, ReadMessage } from './report-parser.js';

function journalistOf(mail: ParsedMail, envelopeFrom: string | undefined): Mailbox | undefined {
  const from = mail.from && 'address' in mail.from ? mail.from : undefined;
  const check = checkAddress(from?.address ?? envelopeFrom ?? '');
  return check.ok ? { name: from?.name || undefined, address: check.address } : undefined;
}

async function releaseOf(deps: InboundDeps, delivery: DeliveryRef) {
  return deps.db.kysely
    .selectFrom('distributions as d')
    .innerJoin('releases as r', 'r.id', 'd.release_id')
    .select(['r.headline', 'r.content'])
    .where('d.id', '=', delivery.distributionId)
    .executeTakeFirstOrThrow();
}

/** The journalist's own words: their HTML through the allowlist sanitizer, or their text. */
function forwardedBody(mail: ParsedMail, intro: string) {
  const text = mail.text ?? '';
  const html = mail.html ? sanitizeHtml(mail.html) : `<pre style="white-space:pre-wrap;font-family:inherit">${escapeHtml(text)}</pre>`;
  return { text: `${intro}\n\n${text}`, html: `<p>${escapeHtml(intro)}</p>${html}` };
}

export async function forwardReply(deps: InboundDeps, delivery: DeliveryRef, read: ReadMessage, envelope: InboundEnvelope): Promise<InboundOutcome> {
  const eventKey = inboundEventKey({ deliveryId: delivery.id, type: 'reply', status: undefined, messageId: read.mail.messageId, raw: envelope.raw });
  const seen = await deps.db.kysely.selectFrom('delivery_events').select('id').where('source', '=', 'smtp').where('event_key', '=', eventKey).executeTakeFirst();
  if (seen) return 'replay';

  const [release, identity] = await Promise.all([releaseOf(deps, delivery), identityFor(deps, delivery.orgId)]);
  const journalist = journalistOf(read.mail, envelope.from);
  const who = journalist?.name ?? journalist?.address ?? delivery.address;
  const subject = (read.mail.subject ?? `Re: ${release.headline}`).replace(/[\r\n]+/g, ' ').slice(0, 500);
  const intro = `${journalist ? (journalist.name ? `${journalist.name} <${journalist.address}>` : journalist.address) : delivery.address} replied to “${release.headline}”:`;
  const to = mediaContactOf(release.content) ?? identity.mailFrom;
  await deps.mailer.send({
    orgId: delivery.orgId,
    from: { name: `${who} via ${identity.organization.name}`, address: identity.mailFrom.address },
    to: to.address,
    ...(journalist ? { replyTo: journalist } : {}),
    subject,
    ...forwardedBody(read.mail, intro),
    messageId: `<reply.${eventKey.slice(0, 32)}@${identity.mailFrom.address.split('@')[1]}>`,
  });
  const result = await recordDeliveryEvent(deps, { deliveryId: delivery.id, type: 'reply', source: 'smtp', eventKey, detail: subject, evidence: envelope.raw.toString('utf8'), occurredAt: deps.clock.now() });
  return result.applied ? 'applied' : 'replay';
}
