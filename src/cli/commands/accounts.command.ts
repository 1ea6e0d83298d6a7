import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { accounts as operations, AccountView } from '../../contract/accounts.js';
import type { Answer } from '../../contract/operation.js';
import { AppError } from '../../errors.js';
import type { ApiClient } from '../client.js';
import { emit, table, type JsonFlag } from '../output.js';

/** Credentials come from a JSON file or stdin, never from the command line (shell history, `ps`). */
function readCredentials(source: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(source === '-' ? 0 : source, 'utf8');
  } catch (err) {
    throw new AppError('VALIDATION', `Cannot read credentials from ${source === '-' ? 'standard input' : source}: ${(err as Error).message}`);
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new AppError('VALIDATION', 'Credentials must be a JSON object', {
    issues: [{ field: 'credentials', message: 'x: {"appKey","appSecret","accessToken","accessSecret"}; bluesky: {"identifier","appPassword"}; mastodon: {"accessToken"}' }],
  });
}

const describe = (a: AccountView) => [a.id, `${a.network}:${a.name}`, a.status + (a.lastError ? ` (${a.lastError})` : ''), a.verifiedAt ?? ''];

export function registerAccountCommands(program: Command, client: () => ApiClient): void {
  const accounts = program.command('accounts').description('social accounts that post releases');

  accounts
    .command('add <network> <name>')
    .description('add an X, Bluesky or Mastodon account; without --credentials it runs in dry-run (posts are composed and recorded, not published)')
    .option('--credentials <file>', 'JSON file with the credentials ("-" reads standard input)')
    .option('--instance <url>', 'Mastodon: the instance, e.g. https://mastodon.example')
    .option('--service <url>', 'Bluesky: the PDS, when not https://bsky.social')
    .option('--json', 'print JSON')
    .action(async (network: string, name: string, flags: JsonFlag & { credentials?: string; instance?: string; service?: string }) => {
      const settings = { ...(flags.instance ? { instance: flags.instance } : {}), ...(flags.service ? { service: flags.service } : {}) };
      const account = await client().request<Answer<typeof operations.add>>('POST', '/accounts', {
        json: { network, name, settings, ...(flags.credentials ? { credentials: readCredentials(flags.credentials) } : {}) },
      });
      emit(flags, account, () => `added ${account.network}:${account.name} (${account.id}), ${account.status === 'dry_run' ? 'dry run: no credentials' : 'credentials stored encrypted'}`);
    });

  accounts
    .command('list')
    .description('the social accounts')
    .option('--json', 'print JSON')
    .action(async (flags: JsonFlag) => {
      const { accounts: rows } = await client().request<Answer<typeof operations.list>>('GET', '/accounts');
      emit(flags, rows, () => (rows.length ? table([['ID', 'ACCOUNT', 'STATUS', 'VERIFIED'], ...rows.map(describe)]) : 'no social accounts yet'));
    });

  accounts
    .command('verify <account>')
    .description('check an account’s credentials against its network')
    .option('--json', 'print JSON')
    .action(async (ref: string, flags: JsonFlag) => {
      const account = await client().request<Answer<typeof operations.verify>>('POST', `/accounts/${encodeURIComponent(ref)}/verify`);
      emit(flags, account, () => `${account.network}:${account.name}: ${account.status}${account.handle ? ` as ${account.handle}` : ''}${account.lastError ? ` — ${account.lastError}` : ''}`);
      if (account.status === 'needs_reconnect') process.exitCode = 6;
    });
}
