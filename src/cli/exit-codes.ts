/**
 * Exit codes of the CLI: stable, documented in the README, meant for scripts and cron.
 */
import type { ErrorCode } from '../errors.js';

export const exitCodes = {
  ok: 0,
  /** An unexpected error: a bug, reported with its message. */
  internal: 1,
  /** The command line itself is wrong (unknown flag, missing argument). */
  usage: 2,
  /** The input was refused (a field, a row, a file); nothing was changed. */
  invalid: 3,
  notFound: 4,
  /** Conflicts with the current state: a finalized release, a reused idempotency key. */
  conflict: 5,
  unauthorized: 6,
  /** The server, Redis or the database could not be reached. */
  unavailable: 7,
  /** The distribution finished, but not every delivery was accepted. */
  notAllAccepted: 8,
  /** --wait gave up before the distribution finished (--timeout). */
  timedOut: 9,
  /** Signed in, but the role does not allow it (or approving one's own request). */
  forbidden: 10,
  /** Too many requests, or too many failed sign-ins: try again after a while. */
  rateLimited: 11,
  /** A check found what blocks: `doctor` (a check failed; warnings alone exit 0), `send --dry-run` (the send would be refused). */
  checksFailed: 12,
} as const;

export const exitCodeFor = (code: ErrorCode | 'INTERNAL'): number =>
  ({
    VALIDATION: exitCodes.invalid,
    NOT_FOUND: exitCodes.notFound,
    CONFLICT: exitCodes.conflict,
    INVALID_STATE: exitCodes.conflict,
    UNAUTHORIZED: exitCodes.unauthorized,
    FORBIDDEN: exitCodes.forbidden,
    UNAVAILABLE: exitCodes.unavailable,
    TOO_LARGE: exitCodes.invalid,
    RATE_LIMITED: exitCodes.rateLimited,
    CONFIG: exitCodes.invalid,
    INTERNAL: exitCodes.internal,
  })[code];
