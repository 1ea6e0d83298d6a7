import type { Command } from 'commander';
import type { Answer } from '../../contract/operation.js';
import type { reports as operations } from '../../contract/reports.js';
import { AppError } from '../../errors.js';
import type { ApiClient } from '../client.js';
import { emit, emitFile, table } from '../output.js';

type FullReport = Answer<typeof operations.distribution>;
type Tally = FullReport['engagement']['opens']['human'];

const tally = (t: Tally) => `${t.unique} unique, ${t.total} total`;
const listedInSummary = 10;

export function registerReportCommand(program: Command, client: () => ApiClient): void {
  program
    .command('report <distribution>')
    .description('what happened to a distribution: status over time, opens and clicks (people apart from machines), links, bounces, complaints, replies')
    .option('--json', 'print the report as JSON (the API’s answer)')
    .option('--csv', 'print the recipients as CSV (one row per recipient)')
    .action(async (id: string, flags: { json?: boolean; csv?: boolean }) => {
      if (flags.json && flags.csv) throw new AppError('VALIDATION', 'Choose one of --json and --csv', { issues: [{ field: '--csv', message: 'cannot be used with --json' }] });
      const path = `/distributions/${encodeURIComponent(id)}`;
      if (flags.csv) return emitFile(await client().requestText('GET', `${path}/recipients.csv`, 'text/csv'));
      const report = await client().request<FullReport>('GET', `${path}/report`);
      emit(flags, report, () => summary(report));
    });
}

function summary(r: FullReport): string {
  const counts = Object.entries(r.counts).filter(([, n]) => n > 0);
  const { opens, clicks } = r.engagement;
  const lines = [
    `${r.id} (release ${r.releaseId}): ${r.status}${r.statusReason ? ` — ${r.statusReason}` : ''}; ${r.total} deliveries, ${r.owed} still owed`,
    `  ${counts.map(([s, n]) => `${s} ${n}`).join(', ') || 'nothing yet'}`,
    `opens:  people ${tally(opens.human)}; machines ${tally(opens.machine)}`,
    `clicks: people ${tally(clicks.human)}; machines ${tally(clicks.machine)}`,
  ];
  if (r.links.length) lines.push('top links:', indent(table([['people', 'machines', 'url'], ...r.links.slice(0, listedInSummary).map((l) => [String(l.human.total), String(l.machine.total), l.url])])));
  lines.push(`bounces: ${r.bounces.length}`, ...r.bounces.slice(0, listedInSummary).map((b) => `  ${b.address}: ${b.kind} ${[b.statusCode, b.detail].filter(Boolean).join(' ')}`.trimEnd()));
  lines.push(`complaints: ${r.complaints.length}`, ...r.complaints.slice(0, listedInSummary).map((c) => `  ${c.address}${c.detail ? `: ${c.detail}` : ''}`));
  lines.push(`replies: ${r.replies.count}`, ...r.replies.items.slice(0, listedInSummary).map((m) => `  ${m.from}${m.subject ? `: ${m.subject}` : ''} (${m.at})`));
  return lines.join('\n');
}

const indent = (text: string) => text.replace(/^/gm, '  ');
