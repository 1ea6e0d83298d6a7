/** Pieces every area of the API shares: instants, pages, and the problem every failure is. */
import { z } from 'zod';
import type { ErrorCode } from '../errors.js';

/** An ISO 8601 instant in UTC, e.g. "2026-03-10T07:01:00.000Z". */
export const Instant = z.iso.datetime();

/** Where the next page starts (pass as `after`), or null on the last page. */
export const Next = z.string().nullable();

export const PageLimit = z.coerce.number().int().min(1).max(5000).default(500);

export const NoContent = z.null().describe('No content');

const Issue = z.object({
  field: z.string().optional(),
  /** The row of an imported file. */
  row: z.number().int().optional(),
  message: z.string(),
});

const problemCodes = ['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'INVALID_STATE', 'UNAUTHORIZED', 'FORBIDDEN', 'UNAVAILABLE', 'TOO_LARGE', 'RATE_LIMITED', 'CONFIG', 'INTERNAL'] as const satisfies readonly (ErrorCode | 'INTERNAL')[];

/** RFC 9457: what every failure answers, with `issues` naming the fields at fault. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.enum(problemCodes),
  issues: z.array(Issue).optional(),
});
export type Problem = z.infer<typeof Problem>;
