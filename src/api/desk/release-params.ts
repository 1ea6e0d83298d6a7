/** The release id in a desk path. */
import { z } from 'zod';
import { AppError } from '../../errors.js';

const ReleaseParams = z.object({ id: z.string().regex(/^rel_[0-9a-z]{25}$/) });

/** A malformed id names no release: answered as not found, like another organisation's. */
export function parseId(params: unknown): { id: string } {
  const result = ReleaseParams.safeParse(params);
  if (!result.success) throw new AppError('NOT_FOUND', 'No such release');
  return result.data;
}
