/**
 * Pausing email as a whole: when the relay refuses our credentials, no recipient is at
 * fault, so nobody is failed. The email queue stops, sending distributions say why, and
 * everything continues where it stopped once someone fixes the relay and resumes.
 */
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { Queues } from '../queue/queues.js';

export interface PauseDeps {
  db: Db;
  queues: Queues;
  logger: Logger;
  clock: { now(): number };
}

export async function pauseEmail(deps: PauseDeps, reason: string): Promise<void> {
  await deps.queues.get('email').pause();
  const statusReason = `${reason} Email sending is paused; fix the relay settings, then run "presswire resume".`;
  await deps.db.kysely
    .updateTable('distributions')
    .set({ status: 'paused', status_reason: statusReason, updated_at: deps.clock.now() })
    .where('status', '=', 'sending')
    .execute();
  deps.logger.error('email sending paused', { reason });
}

export async function resumeEmail(deps: PauseDeps): Promise<{ resumed: number }> {
  const result = await deps.db.kysely
    .updateTable('distributions')
    .set({ status: 'sending', status_reason: null, updated_at: deps.clock.now() })
    .where('status', '=', 'paused')
    .executeTakeFirst();
  await deps.queues.get('email').resume();
  deps.logger.info('email sending resumed');
  return { resumed: Number(result.numUpdatedRows) };
}

export async function isEmailPaused(deps: Pick<PauseDeps, 'queues'>): Promise<boolean> {
  return deps.queues.get('email').isPaused();
}
