import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ImportReport } from '../../contacts/contacts.service.js';
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
      const report = await client().request<ImportReport>('POST', `/lists/${encodeURIComponent(flags.list)}/import`, { body: readCsv(file), contentType: 'text/csv' });
      emit(flags, report, () => describeImport(report));
    });

  program
    .command('lists')
    .description('list the media lists')
    .option('--json', 'print JSON')
    .action(async (flags: JsonFlag) => {
      const { lists } = await client().request<{ lists: { name: string; members: number; earlyAccess: boolean }[] }>('GET', '/lists');
      emit(flags, lists, () => (lists.length ? table([['LIST', 'MEMBERS'], ...lists.map((l) => [l.name, String(l.members)])]) : 'no lists yet'));
    });
}
