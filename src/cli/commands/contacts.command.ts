import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ImportReport, lists as operations, Suppression } from '../../contract/lists.js';
import type { Answer } from '../../contract/operation.js';
import { AppError } from '../../errors.js';
import type { ApiClient } from '../client.js';
import { emit, table, type JsonFlag } from '../output.js';

function readCsv(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new AppError('VALIDATION', `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

function describeImport(r: ImportReport): string {
  const lines = [
    `list "${r.list.name}": imported ${r.imported}, updated ${r.updated}, unchanged ${r.unchanged}, duplicate ${r.duplicates.length}, rejected ${r.rejected.length}`,
    ...r.duplicates.map((d) => `  row ${d.row}: duplicate of row ${d.firstRow} (${d.email})`),
    ...r.rejected.map((x) => `  row ${x.row}: rejected: ${x.reason}`),
    ...r.warnings.map((w) => `  row ${w.row}: warning: ${w.message}`),
  ];
  if (r.ignoredColumns.length) lines.push(`  ignored columns: ${r.ignoredColumns.join(', ')}`);
  return lines.join('\n');
}

export function registerContactCommands(program: Command, client: () => ApiClient): void {
  const contacts = program.command('contacts').description('import media lists');
  contacts
    .command('import <csv>')
    .description('import a media-list export (CSV: comma, semicolon or tab) into a list; re-importing updates')
    .requiredOption('--list <name>', 'the list to add the contacts to (created when new)')
    .option('--json', 'print JSON')
    .action(async (file: string, flags: JsonFlag & { list: string }) => {
      const report = await client().request<Answer<typeof operations.importContacts>>('POST', `/lists/${encodeURIComponent(flags.list)}/import`, { body: readCsv(file), contentType: 'text/csv' });
      emit(flags, report, () => describeImport(report));
    });

  contacts
    .command('suppressed')
    .description('addresses never mailed again: unsubscribed, bounced, complained')
    .option('--json', 'print JSON')
    .action(async (flags: JsonFlag) => {
      const rows: Suppression[] = [];
      let after: string | null = null;
      do {
        const page: Answer<typeof operations.suppressions> = await client().request('GET', `/suppressions?limit=5000${after ? `&after=${encodeURIComponent(after)}` : ''}`);
        rows.push(...page.suppressions);
        after = page.next;
      } while (after);
      emit(flags, rows, () => (rows.length ? table([['ADDRESS', 'REASON', 'SINCE'], ...rows.map((r) => [r.email, r.reason, r.since])]) : 'no suppressed addresses'));
    });
  contacts
    .command('restore <email>')
    .description('mail an unsubscribed or bounced address again (admins; recorded with the reason)')
    .requiredOption('--reason <text>', 'why, e.g. "asked by phone to be put back"')
    .option('--json', 'print JSON')
    .action(async (email: string, flags: JsonFlag & { reason: string }) => {
      const result = await client().request<Answer<typeof operations.restore>>('POST', '/suppressions/restore', { json: { email, reason: flags.reason } });
      emit(flags, result, () => `${result.email} may be mailed again (was ${result.was})`);
    });

  const lists = program.command('lists').description('media lists');
  lists
    .command('show', { isDefault: true })
    .description('list the media lists')
    .option('--json', 'print JSON')
    .action(async (flags: JsonFlag) => {
      const { lists: rows } = await client().request<Answer<typeof operations.list>>('GET', '/lists');
      emit(flags, rows, () =>
        rows.length ? table([['LIST', 'MEMBERS', 'EARLY ACCESS'], ...rows.map((l) => [l.name, String(l.members), l.earlyAccess ? 'yes' : ''])]) : 'no lists yet',
      );
    });
  lists
    .command('early-access <name> <on|off>')
    .description('mark a list early-access: its members get embargoed releases before the lift')
    .option('--json', 'print JSON')
    .action(async (name: string, state: string, flags: JsonFlag) => {
      if (state !== 'on' && state !== 'off') throw new AppError('VALIDATION', 'Say "on" or "off"', { issues: [{ field: 'state', message: `"${state}" is neither on nor off` }] });
      const result = await client().request<Answer<typeof operations.update>>('PATCH', `/lists/${encodeURIComponent(name)}`, { json: { earlyAccess: state === 'on' } });
      emit(flags, result, () => `list "${result.name}" is ${result.earlyAccess ? 'now' : 'no longer'} early-access`);
    });
}
