/**
 * Pausing email as a whole: when the relay refuses our credentials, no recipient is at
 * fault, so nobody is failed. The email queue stops, sending distributions say why, and
 * everything continues where it stopped once someone fixes the relay and resumes.
 */
import { authorize, authorizeInstallAdmin, type Actor } from '../auth/actor.js';
import { audit } from '../auth/audit.js';
import type { Redis } from 'ioredis';
import type { Db } from '../db/client.js';
import { pauseSending, resumeSending } from '../ledger/distributions.js';
import type { Logger } from '../logger.js';
import type { Queues } from '../queue/queues.js';

export interface PauseDeps {
  db: Db;
  queues: Queues;
  redis: Redis;
  config: { redis: { prefix: string } };
  logger: Logger;
  clock: { now(): number };
}

const resumedAtKey = (prefix: string) => `${prefix}:email:resumed-at`;

/**
 * Pause email because the relay refused the login tried at `refusedAt`. A refusal from
 * before the last resume answered the old settings — someone has fixed them since — so it
 * pauses nothing: its rows were given back and are tried again with the new ones.
 */
export async function pauseEmail(deps: PauseDeps, reason: string, refusedAt: number): Promise<void> {
  const resumedAt = Number((await deps.redis.get(resumedAtKey(deps.config.redis.prefix))) ?? 0);
  if (refusedAt < resumedAt) {
    deps.logger.info({ reason }, 'a login refused before the last resume; email stays on');
    return;
  }
  await deps.queues.get('email').pause();
  const statusReason = `${reason} Email sending is paused; fix the relay settings, then run "presswire resume".`;
  await pauseSending(deps.db, statusReason, deps.clock.now());
  deps.logger.error({ reason }, 'email sending paused');
}

/** Resuming is the installation's business: the relay, and so the pause, is shared by every organisation. */
export async function resumeEmail(deps: PauseDeps, actor: Actor): Promise<{ resumed: number }> {
  authorize(actor, 'send');
  authorizeInstallAdmin(actor);
  await deps.redis.set(resumedAtKey(deps.config.redis.prefix), String(deps.clock.now()));
  const resumed = await resumeSending(deps.db, deps.clock.now());
  await deps.queues.get('email').resume();
  deps.logger.info('email sending resumed');
  await audit(deps.db, actor, { action: 'email.resume', detail: { resumed } }, deps.clock.now());
  return { resumed };
}

export async function isEmailPaused(deps: Pick<PauseDeps, 'queues'>): Promise<boolean> {
  return deps.queues.get('email').isPaused();
}
