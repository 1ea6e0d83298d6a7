/**
 * Telling an organisation's admins that a journalist marked its mail as spam: a short email
 * to each admin whose account is not disabled, naming the address and the send (never the raw
 * report: it holds the recipient's mail system's own headers), and an audit row, since the
 * address will not be mailed again. The `noticeComplaint` hook of delivery-events.ts.
 */
import type { Mailer } from '../channels/email/single-message.js';
import type { Mailbox } from '../channels/email/mime.js';
import { audit } from '../auth/audit.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { identityFor, type InstallIdentity } from '../organisations/identity.js';
import { escapeHtml } from '../rendering/escape.js';
import type { ComplaintNotice } from './delivery-events.js';

export interface ComplaintNoticeDeps {
  db: Db;
  mailer: Mailer;
  logger: Logger;
  config: InstallIdentity & { publicUrl: string };
  clock: { now(): number };
}

async function adminsOf(db: Db, orgId: string): Promise<string[]> {
  const rows = await db.kysely
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.email')
    .where('m.org_id', '=', orgId)
    .where('m.role', '=', 'admin')
    .where('u.disabled_at', 'is', null)
    .orderBy('u.email')
    .execute();
  return rows.map((r) => r.email);
}

async function headlineOf(db: Db, distributionId: string): Promise<string> {
  const row = await db.kysely.selectFrom('distributions as d').innerJoin('releases as r', 'r.id', 'd.release_id').select('r.headline').where('d.id', '=', distributionId).executeTakeFirst();
  return row?.headline ?? distributionId;
}

function noticeMessage(notice: ComplaintNotice, headline: string, link: string, from: Mailbox) {
  const what = notice.detail ? ` (feedback type: ${notice.detail})` : '';
  const text = `${notice.address} marked “${headline}” as spam${what}.\n\nPresswire will not mail this address again. The send: ${link}\n`;
  const html = `<p>${escapeHtml(notice.address)} marked “${escapeHtml(headline)}” as spam${escapeHtml(what)}.</p><p>Presswire will not mail this address again. <a href="${escapeHtml(link)}">The send</a>.</p>`;
  return { from, subject: `Spam complaint: ${notice.address}`, text, html };
}

export function complaintNotifier(deps: ComplaintNoticeDeps): (notice: ComplaintNotice) => Promise<void> {
  return async (notice) => {
    const [admins, headline, identity] = await Promise.all([adminsOf(deps.db, notice.orgId), headlineOf(deps.db, notice.distributionId), identityFor(deps, notice.orgId)]);
    const message = noticeMessage(notice, headline, `${deps.config.publicUrl}/distributions/${notice.distributionId}`, identity.mailFrom);
    let told = 0;
    for (const to of admins) {
      try {
        await deps.mailer.send({ ...message, to, orgId: notice.orgId });
        told++;
      } catch (err) {
        // The complaint is applied and stored whatever happens to this notice.
        deps.logger.warn({ err, orgId: notice.orgId, deliveryId: notice.deliveryId }, 'could not tell an admin of a spam complaint');
      }
    }
    await audit(
      deps.db,
      { type: 'system', orgId: notice.orgId, label: 'spam complaint' },
      { action: 'contact.complained', object: { type: 'address', id: notice.address.toLowerCase() }, detail: { address: notice.address, deliveryId: notice.deliveryId, distributionId: notice.distributionId, feedbackType: notice.detail ?? null, adminsTold: told } },
      deps.clock.now(),
    );
  };
}
