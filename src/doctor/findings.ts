/** What each check of `presswire doctor` reports: how it stands, why, and what to do about it. */
export const findingStatuses = ['pass', 'warn', 'fail'] as const;
export type FindingStatus = (typeof findingStatuses)[number];

export interface Finding {
  check: string;
  status: FindingStatus;
  detail: string;
  /** What to change; empty when there is nothing to do. */
  fix: string;
}

export const pass = (check: string, detail: string): Finding => ({ check, status: 'pass', detail, fix: '' });
export const warn = (check: string, detail: string, fix: string): Finding => ({ check, status: 'warn', detail, fix });
export const fail = (check: string, detail: string, fix: string): Finding => ({ check, status: 'fail', detail, fix });

/** A check that throws reports a failure instead of hiding the others. */
export async function guarded(check: string, run: () => Promise<Finding | Finding[]>): Promise<Finding[]> {
  try {
    return [await run()].flat();
  } catch (err) {
    return [fail(check, `the check could not run: ${(err as Error).message}`, 'fix what the detail names (DNS_SERVERS, the network, a service down) and run presswire doctor again')];
  }
}
