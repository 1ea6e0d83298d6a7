/**
 * Organisations, API tokens and the audit log. A new token is printed once and never
 * again; the server keeps only its hash.
 */
import type { Command } from 'commander';
import type { Answer } from '../../contract/operation.js';
import type { AuditEntry, OrgView, people, TokenView } from '../../contract/people.js';
import type { ApiClient } from '../client.js';
import { emit, note, table, type JsonFlag } from '../output.js';

const tokenRow = (t: TokenView) => [t.id, t.name, t.role, t.user ?? '(service)', t.approvedSends ? 'yes' : '', t.lastUsedAt ?? 'never', t.revokedAt ? `revoked ${t.revokedAt}` : 'active'];

function registerTokenCommands(program: Command, client: () => ApiClient): void {
  const tokens = program.command('tokens').description('API tokens for scripts, cron jobs and the CLI on other machines');

  tokens
    .command('create')
    .description('create a token; it is shown once')
    .requiredOption('--name <name>', 'what it is for, e.g. "newsroom cron"')
    .requiredOption('--role <role>', 'viewer, editor, sender or admin')
    .option('--user <email>', 'act as this user (with at most their role); without it, a service identity of its own')
    .option('--org <org>', 'the organisation (administrators of the installation only)')
    .option('--approved-sends', 'its sends need no second person’s approval (for cron); recorded in the audit log')
    .option('--json', 'print JSON: {"id","token",…}')
    .action(async (flags: JsonFlag & { name: string; role: string; user?: string; org?: string; approvedSends?: boolean }) => {
      const created = await client().request<Answer<typeof people.createToken>>('POST', '/tokens', {
        json: { name: flags.name, role: flags.role, user: flags.user, org: flags.org, approvedSends: flags.approvedSends ?? false },
      });
      emit(flags, created, () => `${created.token}\n`);
      if (!flags.json) note(`token ${created.id} (${created.role}${created.user ? `, as ${created.user}` : ''}) — store it now: it is not shown again`);
    });

  tokens
    .command('list')
    .description('the organisation’s tokens (never the tokens themselves)')
    .option('--json', 'print JSON')
    .action(async (flags: JsonFlag) => {
      const { tokens: rows } = await client().request<Answer<typeof people.listTokens>>('GET', '/tokens');
      emit(flags, rows, () => table([['ID', 'NAME', 'ROLE', 'USER', 'APPROVED SENDS', 'LAST USED', 'STATE'], ...rows.map(tokenRow)]));
    });

  tokens
    .command('revoke <id>')
    .description('revoke a token: it is refused from its next request')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: JsonFlag) => {
      const revoked = await client().request<Answer<typeof people.revokeToken>>('DELETE', `/tokens/${encodeURIComponent(id)}`);
      emit(flags, revoked, () => `revoked ${revoked.id} (${revoked.name})`);
    });

  tokens
    .command('rotate-admin')
    .description('replace the data-directory admin token; the old one is refused from now on')
    .option('--json', 'print JSON')
    .action(async (flags: JsonFlag) => {
      const { token } = await client().request<Answer<typeof people.rotateAdminToken>>('POST', '/tokens/rotate-admin');
      emit(flags, { token }, () => token);
      if (!flags.json) note('the server wrote the new token to its data directory (admin-token); the old one no longer works');
    });
}

const orgRow = (o: OrgView) => [o.id, o.name, `approval ${o.approval}`, o.senderAddress ?? '(installation sender)'];

function registerOrgCommands(program: Command, client: () => ApiClient): void {
  const orgs = program.command('orgs').description('organisations: each has its own releases, lists, people, tokens and audit log');

  orgs
    .command('add <name>')
    .description('add an organisation (administrators of the installation)')
    .option('--json', 'print JSON')
    .action(async (name: string, flags: JsonFlag) => {
      const org = await client().request<Answer<typeof people.addOrg>>('POST', '/orgs', { json: { name } });
      emit(flags, org, () => `added organisation ${org.name} (${org.id})`);
    });

  orgs
    .command('list')
    .description('every organisation (administrators of the installation)')
    .option('--json', 'print JSON')
    .action(async (flags: JsonFlag) => {
      const { organisations } = await client().request<Answer<typeof people.listOrgs>>('GET', '/orgs');
      emit(flags, organisations, () => table([['ID', 'NAME', 'APPROVAL', 'SENDER'], ...organisations.map(orgRow)]));
    });

  orgs
    .command('set <key> <value>')
    .description('change a setting of your organisation: approval (off|required), tracking (on|off), name, sender-name, sender-address, postal-address, theme (JSON)')
    .option('--json', 'print JSON')
    .action(async (key: string, value: string, flags: JsonFlag) => {
      const org = await client().request<Answer<typeof people.setOrgSetting>>('PUT', `/org/settings/${encodeURIComponent(key)}`, { json: { value } });
      emit(flags, org, () => `${org.name}: ${key} set`);
    });

  orgs
    .command('show')
    .description('your organisation and its settings')
    .option('--json', 'print JSON')
    .action(async (flags: JsonFlag) => {
      const org = await client().request<Answer<typeof people.currentOrg>>('GET', '/org');
      emit(flags, org, () => table([['ID', 'NAME', 'APPROVAL', 'SENDER'], orgRow(org)]));
    });
}

function registerAuditCommand(program: Command, client: () => ApiClient): void {
  program
    .command('audit')
    .description('the audit log: who did what, to which object, when and from where (admins)')
    .option('--since <time>', 'ISO instant or "2026-03-10 09:00 America/Los_Angeles"')
    .option('--json', 'print JSON')
    .action(async (flags: JsonFlag & { since?: string }) => {
      const entries: AuditEntry[] = [];
      let after: string | null = null;
      do {
        const query = new URLSearchParams({ limit: '5000', ...(flags.since ? { since: flags.since } : {}), ...(after ? { after } : {}) });
        const page: Answer<typeof people.audit> = await client().request('GET', `/audit?${query}`);
        entries.push(...page.entries);
        after = page.next;
      } while (after);
      emit(flags, entries, () =>
        entries.length
          ? table([['AT (UTC)', 'WHO', 'ACTION', 'OBJECT', 'FROM'], ...entries.map((e) => [e.at, e.actor.label ?? e.actor.type, e.action, e.object ? `${e.object.type} ${e.object.id}` : '', e.ip ?? ''])])
          : 'no audit entries',
      );
    });
}

export function registerPeopleCommands(program: Command, client: () => ApiClient): void {
  registerTokenCommands(program, client);
  registerOrgCommands(program, client);
  registerAuditCommand(program, client);
}
