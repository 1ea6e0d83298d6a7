/**
 * Mail to our inbound endpoint, one envelope recipient at a time. The recipient's token (not
 * anything the message says) names the delivery: a report to a genuine bounce address becomes
 * a bounce, delay or complaint on that delivery; mail to a genuine reply address is a reply.
 * Everything else — an unknown or tampered token, no report, unreadable bytes — is kept for
 * review and changes nothing.
 */
import { audit } from '../auth/audit.js';
import { bounceKind } from '../tracking/bounce-rules.js';
import { recordDeliveryEvent, type DeliveryEvent } from '../tracking/delivery-events.js';
import { deliveryOfAddress, inboundAddressOf } from '../tokens/mail-addresses.js';
import type { DeliveryRef, InboundDeps, InboundEnvelope, InboundOutcome } from './deps.js';
import { inboundEventKey } from './event-key.js';
import { forwardReply } from './reply-forward.js';
import type { InboundReport, RecipientStatus } from './report.js';
import { readInbound, type ReadMessage } from './report-parser.js';
import { keepForReview, type KeptMessage } from './review.js';



const kindOf = (report: InboundReport): KeptMessage['kind'] => (report.kind === 'feedback' ? 'complaint' : report.kind === 'delivery-status' ? 'bounce' : 'unknown');

export async function receiveInbound(deps: InboundDeps, envelope: InboundEnvelope): Promise<InboundOutcome> {
  const address = inboundAddressOf(envelope.recipient);
  if (!address) throw new Error(`not an inbound address: ${envelope.recipient}`);
  const keep = async (kept: Omit<KeptMessage, 'recipient' | 'envelopeFrom' | 'raw'>) => {
    await keepForReview(deps, { ...kept, recipient: envelope.recipient, envelopeFrom: envelope.from, raw: envelope.raw });
    return 'kept' as const;
  };
  let read: ReadMessage;
  try {
    read = await readInbound(envelope.raw);
  } catch (err) {
    deps.logger.info({ err, recipient: envelope.recipient }, 'inbound mail could not be parsed; kept for review');
    return keep({ kind: 'unknown', verdict: 'unreadable' });
  }
  const deliveryId = deliveryOfAddress(deps.tokens, address);
  const kind = address.purpose === 'reply' ? 'reply' : kindOf(read.report);
  const delivery = deliveryId ? await deliveryRef(deps, deliveryId) : undefined;
  if (!delivery) return keep({ kind, verdict: 'unknown_token' });
  if (address.purpose === 'reply') return forwardReply(deps, delivery, read, envelope);

  const event = reportEvent(read, envelope.raw, delivery);
  if (!event) return keep({ kind, verdict: 'not_a_report', delivery });
  const result = await recordDeliveryEvent(deps, { ...event, evidence: envelope.raw.toString('utf8'), occurredAt: deps.clock.now() });
  if (!result.applied) return result.reason === 'replay' ? 'replay' : keep({ kind, verdict: 'unknown_token' });
  if (event.type === 'bounce') await auditBounce(deps, delivery, event);
  return 'applied';
}


async function deliveryRef(deps: InboundDeps, id: string): Promise<DeliveryRef | undefined> {
  const row = await deps.db.kysely
    .selectFrom('deliveries as d')
    .innerJoin('distributions as s', 's.id', 'd.distribution_id')
    .select(['d.id', 'd.address', 'd.distribution_id', 's.org_id'])
    .where('d.id', '=', id)
    .executeTakeFirst();
  return row ? { id: row.id, orgId: row.org_id, address: row.address, distributionId: row.distribution_id } : undefined;
}

/** The recipient a report is about: ours, else the first that failed or was delayed. */
function statusFor(recipients: RecipientStatus[], address: string): RecipientStatus | undefined {
  const acted = recipients.filter((r) => r.action === 'failed' || r.action === 'delayed');
  return acted.find((r) => r.recipient === address.toLowerCase()) ?? acted[0];
}

type ReportEvent = Omit<DeliveryEvent, 'evidence' | 'occurredAt'>;

function reportEvent(read: ReadMessage, raw: Buffer, delivery: DeliveryRef): ReportEvent | undefined {
  const { report } = read;
  const key = (type: string, status: string | undefined) => inboundEventKey({ deliveryId: delivery.id, type, status, messageId: read.mail.messageId, raw });
  if (report.kind === 'feedback') {
    return { deliveryId: delivery.id, type: 'complaint', source: 'smtp', eventKey: key('complaint', report.feedbackType), detail: report.feedbackType };
  }
  if (report.kind !== 'delivery-status') return undefined;
  const status = statusFor(report.recipients, delivery.address);
  if (!status) return undefined;
  const detail = status.diagnostic ?? `${report.format} notice`;
  if (status.action === 'delayed') return { deliveryId: delivery.id, type: 'delay', source: 'smtp', eventKey: key('delay', status.status), statusCode: status.status, detail };
  return {
    deliveryId: delivery.id,
    type: 'bounce',
    source: 'smtp',
    eventKey: key('bounce', status.status),
    bounceKind: bounceKind(status.status, status.diagnostic),
    statusCode: status.status,
    detail,
  };
}

/** A bounce may stop mail to the address: the log says so, with the system as the actor. */
async function auditBounce(deps: InboundDeps, delivery: DeliveryRef, event: ReportEvent): Promise<void> {
  await audit(
    deps.db,
    { type: 'system', orgId: delivery.orgId, label: 'bounce' },
    { action: 'contact.bounced', object: { type: 'address', id: delivery.address.toLowerCase() }, detail: { deliveryId: delivery.id, distributionId: delivery.distributionId, kind: event.bounceKind, status: event.statusCode ?? null } },
    deps.clock.now(),
  );
}
