/**
 * The identity of an inbound report, so a notice delivered twice (a mail system retrying after
 * a lost reply, or sending the same DSN again) is applied once: the delivery, what happened,
 * the status, and the report's own Message-ID — or, without one, a hash of its bytes.
 */
import { createHash } from 'node:crypto';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export function inboundEventKey(parts: { deliveryId: string; type: string; status: string | undefined; messageId: string | undefined; raw: Buffer }): string {
  const identity = parts.messageId?.trim() || `sha256:${sha256(parts.raw)}`;
  return sha256([parts.deliveryId, parts.type, parts.status ?? '', identity].join('\n'));
}
