import { randomUUID } from 'node:crypto';
import { Option, type Command } from 'commander';
import { wholeNumber } from '../arguments.js';
import { successStatuses } from '../../ledger/owed.js';
import type { DeliveryLine, DistributionReport, distributions as operations } from '../../contract/distributions.js';
import type { Answer } from '../../contract/operation.js';
import type { ApiClient } from '../client.js';
import { exitCodes } from '../exit-codes.js';
import { emit, note, table, type JsonFlag } from '../output.js';
import { preflightSummary } from './preflight-summary.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function summary(r: DistributionReport): string {
  const counts = Object.entries(r.counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ');
  return [
    `${r.id}  ${r.status}${r.statusReason ? ` (${r.statusReason})` : ''}`,
    `  ${r.total} deliveries${counts ? `: ${counts}` : ''}`,
    r.possibleDuplicates ? `  ${r.possibleDuplicates} may have been received twice (a reply from the relay was lost; both copies carry the same Message-ID)` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The report a script reads: `{id, status, counts}` plus totals. */
export const reportJson = (r: DistributionReport) => ({
  id: r.id,
  status: r.status,
  statusReason: r.statusReason,
  total: r.total,
  owed: r.owed,
  counts: r.counts,
  possibleDuplicates: r.possibleDuplicates,
});

const recipientsTable = (lines: DeliveryLine[]) =>
  table([
    ['ADDRESS', 'STATUS', 'ATTEMPTS', 'NEXT ATTEMPT', 'LAST REPLY'],
    ...lines.map((d) => [
      d.kind === 'social' ? `${d.channel}:${d.address}` : d.address,
      d.possibleDuplicate ? `${d.status} (possible duplicate)` : d.status,
      String(d.attempts),
      d.nextAttemptAt ?? '',
      d.url ?? d.reason ?? d.lastReply ?? '',
    ]),
  ]);

export const allAccepted = (r: DistributionReport) => successStatuses.reduce((n, s) => n + r.counts[s], 0) === r.total;

async function waitUntilDone(client: ApiClient, id: string, timeoutMs: number | undefined): Promise<DistributionReport | undefined> {
  const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
  for (;;) {
    const report = await client.request<Answer<typeof operations.report>>('GET', `/distributions/${id}`);
    if (report.done) return report;
    if (Date.now() >= deadline) return undefined;
    await sleep(Math.min(500, Math.max(0, deadline - Date.now())));
  }
}

async function allDeliveries(client: ApiClient, id: string): Promise<DeliveryLine[]> {
  const lines: DeliveryLine[] = [];
  let after: string | null = null;
  do {
    const page: Answer<typeof operations.deliveries> = await client.request('GET', `/distributions/${id}/deliveries?limit=5000${after ? `&after=${after}` : ''}`);
    lines.push(...page.deliveries);
    after = page.next;
  } while (after);
  return lines;
}

export function registerSendCommands(program: Command, client: () => ApiClient): void {
  program
    .command('send <release-id>')
    .description('send a finalized release to media lists and/or social accounts; a correction with neither goes to those who received the original')
    .option('--list <name>', 'a media list to email (repeat for several)', (v: string, prev: string[] = []) => [...prev, v], [] as string[])
    .option('--channel <network:account>', 'a social account to post from, e.g. x:@harborlegal (repeat for several)', (v: string, prev: string[] = []) => [...prev, v], [] as string[])
    .option('--key <idempotency-key>', 'the same key twice returns the same distribution and sends nothing new')
    .option('--at <time>', 'schedule instead of sending now: ISO instant or "2026-03-10 09:00 America/Los_Angeles"')
    .option('--wait', 'wait until every delivery is final and print the report')
    .option('--timeout <seconds>', 'with --wait: give up waiting after this long', wholeNumber())
    .addOption(new Option('--dry-run', 'send nothing: print what the send would do and what to check (exits 12 when something blocks it)').conflicts(['wait', 'key']))
    .option('--json', 'print JSON')
    .action(async (releaseId: string, flags: JsonFlag & { list: string[]; channel: string[]; key?: string; at?: string; wait?: boolean; timeout?: number; dryRun?: boolean }) => {
      const api = client();
      if (flags.dryRun) {
        const result = await api.request<Answer<typeof operations.preflight>>('POST', '/distributions/preflight', { json: { releaseId, lists: flags.list, channels: flags.channel, at: flags.at } });
        emit(flags, result, () => preflightSummary(result));
        if (result.problems.length) process.exitCode = exitCodes.checksFailed;
        return;
      }
      // Without --key, a fresh key still protects this one invocation against its own retries.
      const key = flags.key ?? `cli-${randomUUID()}`;
      const created = await api.request<Answer<typeof operations.create>>('POST', '/distributions', {
        json: { releaseId, lists: flags.list, channels: flags.channel, at: flags.at, ...(flags.list.length || flags.channel.length ? {} : { correction: true }) },
        headers: { 'idempotency-key': key },
      });
      if (!flags.wait) {
        emit(flags, created, () =>
          `${created.created ? 'created' : 'already exists (same --key)'}: distribution ${created.id}${created.sendAt ? `, scheduled for ${created.sendAt}` : ''}`,
        );
        return;
      }
      if (!flags.json) note(`${created.created ? 'sending' : 'already sent with this --key'}: distribution ${created.id}`);
      const report = await waitUntilDone(api, created.id, flags.timeout === undefined ? undefined : flags.timeout * 1000);
      if (!report) {
        note(`still sending after ${flags.timeout}s; follow with: presswire status ${created.id}`);
        process.exitCode = exitCodes.timedOut;
        return;
      }
      emit(flags, reportJson(report), () => summary(report));
      if (!allAccepted(report)) process.exitCode = exitCodes.notAllAccepted;
    });

  program
    .command('status <distribution-id>')
    .description('counts by delivery status; --recipients for one line per delivery')
    .option('--recipients', 'one line per delivery: address, status, attempts, last reply')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: JsonFlag & { recipients?: boolean }) => {
      const api = client();
      const report = await api.request<Answer<typeof operations.report>>('GET', `/distributions/${encodeURIComponent(id)}`);
      const deliveries = flags.recipients ? await allDeliveries(api, report.id) : undefined;
      emit(flags, { ...reportJson(report), ...(deliveries ? { deliveries } : {}) }, () =>
        [
          summary(report),
          ...(deliveries?.length ? ['', recipientsTable(deliveries)] : []),
        ].join('\n'),
      );
    });

  program
    .command('resume')
    .description('resume email sending after it was paused (e.g. the relay refused our credentials)')
    .option('--json', 'print JSON')
    .action(async (flags: JsonFlag) => {
      const result = await client().request<Answer<typeof operations.resumeEmail>>('POST', '/email/resume');
      emit(flags, result, () => `email sending resumed (${result.resumed} distribution(s) continue)`);
    });
}
