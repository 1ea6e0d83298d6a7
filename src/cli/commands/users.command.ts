/**
 * People of an organisation. `users add` prints the new member's one-time sign-in link:
 * hand it over; it is not shown again.
 */
import type { Command } from 'commander';
import type { UserView } from '../../contract/people.js';
import type { ApiClient } from '../client.js';
import { emit, note, table, type JsonFlag } from '../output.js';

const path = (email: string) => `/users/${encodeURIComponent(email)}`;

export function registerUserCommands(program: Command, client: () => ApiClient): void {
  const users = program.command('users').description('people of your organisation and their roles (admins)');

  users
    .command('add <email>')
    .description('add a person (a new user, or an existing one to this organisation) and print a one-time sign-in link for them')
    .requiredOption('--role <role>', 'viewer, editor, sender or admin')
    .option('--org <org>', 'the organisation (administrators of the installation only)')
    .option('--json', 'print JSON: {"email","role","signInUrl",…}')
    .action(async (email: string, flags: JsonFlag & { role: string; org?: string }) => {
      const added = await client().request<UserView & { signInUrl: string; signInExpiresAt: string }>('POST', '/users', { json: { email, role: flags.role, org: flags.org } });
      emit(flags, added, () => added.signInUrl);
      if (!flags.json) note(`added ${added.email} as ${added.role}; hand over the link above: it signs them in once, until ${added.signInExpiresAt}`);
    });

  users
    .command('list')
    .description('the members of your organisation')
    .option('--json', 'print JSON')
    .action(async (flags: JsonFlag) => {
      const { users: rows } = await client().request<{ users: UserView[] }>('GET', '/users');
      emit(flags, rows, () => table([['EMAIL', 'ROLE', 'PASSWORD', 'MEMBER SINCE'], ...rows.map((u) => [u.email, u.role + (u.installAdmin ? ' (installation admin)' : ''), u.hasPassword ? 'set' : 'none (signs in by link)', u.memberSince])]));
    });

  users
    .command('remove <email>')
    .description('remove a person from your organisation: their sessions end now and their tokens stop working')
    .option('--json', 'print JSON')
    .action(async (email: string, flags: JsonFlag) => {
      const removed = await client().request<UserView & { sessionsEnded: number }>('DELETE', path(email));
      emit(flags, removed, () => `removed ${removed.email} (${removed.sessionsEnded} session(s) ended)`);
    });

  users
    .command('role <email> <role>')
    .description('change a person’s role: viewer, editor, sender or admin')
    .option('--json', 'print JSON')
    .action(async (email: string, role: string, flags: JsonFlag) => {
      const changed = await client().request<UserView>('PUT', `${path(email)}/role`, { json: { role } });
      emit(flags, changed, () => `${changed.email} is now ${changed.role}`);
    });
}
