/**
 * Who is never mailed, and giving an address back. Restoring overrides a journalist's own
 * unsubscribe or a bounce, so it is an admin's act, with a reason, on the record.
 */
import { z } from 'zod';
import { authorize, type Actor } from '../auth/actor.js';
import { audit } from '../auth/audit.js';
import type { Db } from '../db/client.js';
import type { SuppressionsTable } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { lineText } from '../text/control-characters.js';
import { checkAddress } from './address.js';
import { liftSuppression, listSuppressions, suppressionOf } from './suppressions.js';

export interface SuppressionsDeps {
  db: Db;
  clock: { now(): number };
}

export const RestoreRequest = z.object({
  email: z.string().min(3).max(320),
  /** Why this address may be mailed again, e.g. "asked by phone to be put back, 2026-11-30". */
  reason: lineText().trim().min(3, 'say why the address may be mailed again').max(500),
});
export type RestoreRequest = z.infer<typeof RestoreRequest>;

export async function readSuppressions(deps: SuppressionsDeps, actor: Actor, page: { after?: string; limit: number }) {
  authorize(actor, 'read');
  const rows = await listSuppressions(deps.db, actor.orgId, page);
  return rows.map((r) => ({ email: r.email_key, reason: r.reason, detail: r.detail, deliveryId: r.delivery_id, distributionId: r.distribution_id, since: new Date(r.created_at).toISOString() }));
}

/** Why one address is suppressed; not found when it is not. */
export async function readSuppression(deps: SuppressionsDeps, actor: Actor, email: string): Promise<{ email: string; reason: SuppressionsTable['reason'] }> {
  authorize(actor, 'read');
  const check = checkAddress(email);
  const reason = check.ok ? await suppressionOf(deps.db, actor.orgId, check.key) : undefined;
  if (!check.ok || !reason) throw notFound('Suppression of', check.ok ? check.address : 'that address');
  return { email: check.key, reason };
}

export async function restoreAddress(deps: SuppressionsDeps, actor: Actor, request: RestoreRequest): Promise<{ email: string; was: string }> {
  authorize(actor, 'admin');
  const check = checkAddress(request.email);
  if (!check.ok) throw new AppError('VALIDATION', 'The address is not valid', { issues: [{ field: 'email', message: check.reason }] });
  const was = await liftSuppression(deps.db, actor.orgId, check.key);
  if (!was) throw notFound('Suppression of', check.address);
  await audit(deps.db, actor, { action: 'contact.restore', object: { type: 'address', id: check.key }, state: { emailKey: check.key, suppressed: false }, detail: { was, reason: request.reason } }, deps.clock.now());
  return { email: check.key, was };
}
