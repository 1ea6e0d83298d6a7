import { DelayedError, type Job } from 'bullmq';

/** Bring the same job back at `at`: its id stays stable for the reconciler, and no attempt is spent. */
export async function later(job: Job, token: string | undefined, at: number): Promise<never> {
  await job.moveToDelayed(Math.max(at, Date.now()), token);
  throw new DelayedError();
}
