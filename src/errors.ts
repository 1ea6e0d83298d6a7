/**
 * Expected failures the domain refuses, with a closed set of codes.
 *
 * The domain throws `AppError`; the API maps `code` to an HTTP status in
 * `api/error-handler.ts` and the CLI maps it to an exit code in `cli/exit-codes.ts`.
 * Anything that is not an `AppError` is a bug and is reported as such.
 */
export type ErrorCode =
  | 'VALIDATION' // input is malformed: a field, a row, a file
  | 'NOT_FOUND'
  | 'CONFLICT' // the request collides with existing state (idempotency key reuse, duplicate name)
  | 'INVALID_STATE' // the object exists but cannot do that now (editing a finalized release)
  | 'UNAUTHORIZED' // no credentials, or credentials not valid (revoked, expired)
  | 'FORBIDDEN' // a known actor whose role does not allow this
  | 'UNAVAILABLE' // a dependency (Redis, the database) does not answer
  | 'TOO_LARGE' // the input passes a configured size limit (a CSV file's bytes or rows)
  | 'RATE_LIMITED' // too many requests (or failed sign-ins) in a while; Retry-After says how long to wait
  | 'CONFIG'; // the process cannot start with this configuration

/** One precise complaint about input: which field (and row, for files), and why. */
export interface Issue {
  field?: string;
  row?: number;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: Issue[];

  constructor(code: ErrorCode, message: string, options: { issues?: Issue[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.issues = options.issues ?? [];
  }
}

export const notFound = (what: string, id: string): AppError =>
  new AppError('NOT_FOUND', `${what} ${id} not found`);

export const invalid = (message: string, issues: Issue[] = []): AppError =>
  new AppError('VALIDATION', message, { issues });

/** Turn zod issues into our `Issue` shape, with dotted field paths. */
export function issuesFromZod(
  zodIssues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  prefix = '',
): Issue[] {
  return zodIssues.map((i) => {
    const path = i.path.map(String).join('.');
    const field = [prefix, path].filter(Boolean).join('.');
    return field ? { field, message: i.message } : { message: i.message };
  });
}
