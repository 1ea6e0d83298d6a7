/**
 * A test copy of a release's email to the person asking, and to nobody else: the embargoed
 * variant while the release is under embargo (what early recipients get), "[Test]" first in the
 * subject, through the same mailer as every single message (the relay, or the development
 * outbox). The recipient is never chosen in a form, so a test cannot become a quiet send.
 */
import type { Mailer } from '../channels/email/single-message.js';
import type { Config } from '../config.js';
import { authorize, type Actor } from '../auth/actor.js';
import { audit } from '../auth/audit.js';
import { AppError } from '../errors.js';
import { identityFor } from '../organisations/identity.js';
import { previewRelease } from '../releases/preview.js';
import type { ReleaseDeps } from '../releases/releases.service.js';
import { getRelease } from '../releases/releases.repo.js';

export interface TestSendDeps extends ReleaseDeps {
  config: Config;
  mailer: Mailer;
}

/** Send the test; returns the one address it went to. */
export async function sendTestToSelf(deps: TestSendDeps, actor: Actor, id: string): Promise<{ to: string; subject: string }> {
  authorize(actor, 'edit');
  const to = actor.person.type === 'user' ? (await deps.db.kysely.selectFrom('users').select('email').where('id', '=', actor.person.id).executeTakeFirst())?.email : undefined;
  if (!to) throw new AppError('INVALID_STATE', 'A test goes to the signed-in person’s own address, and this token belongs to no person: sign in to send yourself a test.');
  const release = await getRelease(deps.db, actor.orgId, id);
  // A translation shares the embargo of the release it translates.
  const embargo = release.translationOf ? (await getRelease(deps.db, actor.orgId, release.translationOf)).embargo : release.embargo;
  const variant = embargo && Date.parse(embargo.until) > deps.clock.now() ? 'embargoed' : 'public';
  const identity = await identityFor(deps, actor.orgId);
  const preview = await previewRelease(deps, identity, release, variant, embargo);
  const subject = `[Test] ${preview.subject}`;
  await deps.mailer.send({ orgId: actor.orgId, from: identity.mailFrom, to, subject, text: preview.text, html: preview.html });
  await audit(deps.db, actor, { action: 'release.test_send', object: { type: 'release', id }, detail: { to, variant } }, deps.clock.now());
  return { to, subject };
}
