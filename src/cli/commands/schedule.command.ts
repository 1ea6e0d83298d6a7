import type { Command } from 'commander';
import type { distributions as operations } from '../../contract/distributions.js';
import type { Answer } from '../../contract/operation.js';
import type { ApiClient } from '../client.js';
import { emit, table, type JsonFlag } from '../output.js';
import { reportJson, summary } from './send.command.js';

export function registerScheduleCommands(program: Command, client: () => ApiClient): void {
  program
    .command('scheduled')
    .description('distributions waiting for their time')
    .option('--json', 'print JSON')
    .action(async (flags: JsonFlag) => {
      const { distributions } = await client().request<Answer<typeof operations.list>>('GET', '/distributions?status=scheduled');
      emit(flags, distributions, () =>
        distributions.length
          ? table([['DISTRIBUTION', 'SEND AT (UTC)', 'STATUS', 'RELEASE'], ...distributions.map((d) => [d.id, d.sendAt ?? 'now', d.status.replace(/_/g, ' '), d.headline])])
          : 'nothing scheduled',
      );
    });

  program
    .command('cancel <distribution-id>')
    .description('cancel a distribution: before it starts nothing is sent; once sending, what is not yet sent is cancelled')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: JsonFlag) => {
      const report = await client().request<Answer<typeof operations.cancel>>('POST', `/distributions/${encodeURIComponent(id)}/cancel`);
      emit(flags, reportJson(report), () => summary(report));
    });

  program
    .command('approve <distribution-id>')
    .description('approve a send or schedule awaiting a second person (two-person approval); not your own')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: JsonFlag) => {
      const report = await client().request<Answer<typeof operations.approve>>('POST', `/distributions/${encodeURIComponent(id)}/approve`);
      emit(flags, reportJson(report), () => `approved: ${summary(report)}`);
    });

  program
    .command('reschedule <distribution-id>')
    .description('move a scheduled distribution to another time (before it starts)')
    .requiredOption('--at <time>', 'ISO instant or "2026-03-10 09:00 America/Los_Angeles"')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: JsonFlag & { at: string }) => {
      const result = await client().request<Answer<typeof operations.reschedule>>('POST', `/distributions/${encodeURIComponent(id)}/reschedule`, { json: { at: flags.at } });
      emit(flags, result, () => `distribution ${result.id} now starts at ${result.sendAt}`);
    });
}
