import type { Command } from 'commander';
import type { distributions as operations } from '../../contract/distributions.js';
import type { Answer } from '../../contract/operation.js';
import type { ApiClient } from '../client.js';
import { emit, type JsonFlag } from '../output.js';

export function registerTraceCommand(program: Command, client: () => ApiClient): void {
  program
    .command('trace <code>')
    .description('name the journalist an embargoed copy was sent to, from the reference code in it')
    .option('--json', 'print JSON')
    .action(async (code: string, flags: JsonFlag) => {
      const t = await client().request<Answer<typeof operations.trace>>('GET', `/trace/${encodeURIComponent(code)}`);
      emit(flags, t, () =>
        [
          `${t.code}: ${t.recipient.name ?? '(no name)'} <${t.recipient.address}>${t.recipient.outlet ? `, ${t.recipient.outlet}` : ''}`,
          `  distribution ${t.distributionId} of release ${t.release.id} (${t.release.headline})`,
          `  ${t.status}${t.sentAt ? ` at ${t.sentAt}` : ''}; link opened ${t.views.length} time(s)${t.views.length ? `, last ${t.views.at(-1)!.at}` : ''}`,
        ].join('\n'),
      );
    });
}
