/**
 * The server roles: `start` (everything in one process, zero configuration),
 * `serve` (API only) and `worker` (workers only). These run in this process instead of
 * calling the API.
 */
import type { Command } from 'commander';

export function registerServerCommands(program: Command): void {
  program
    .command('start')
    .description('run everything in one process: API, workers and (without SMTP_URL) the development outbox')
    .action(async () => {
      const { startRoles, banner } = await import('../server-roles.js');
      const running = await startRoles({ api: true, workers: true, outbox: true });
      process.stdout.write(banner(running, 'Presswire is running.'));
    });

  program
    .command('serve')
    .description('run the API only (add workers with "presswire worker")')
    .action(async () => {
      const { startRoles, banner } = await import('../server-roles.js');
      const running = await startRoles({ api: true, workers: false, outbox: false });
      process.stdout.write(banner(running, 'Presswire API is running.'));
    });

  program
    .command('worker')
    .description('run workers only; start as many as you like against the same Redis and database')
    .option('--concurrency <n>', 'batches sent at once by this process', (v) => Number.parseInt(v, 10))
    .action(async (flags: { concurrency?: number }) => {
      const { startRoles, banner } = await import('../server-roles.js');
      const running = await startRoles({ api: false, workers: true, outbox: false }, { concurrency: flags.concurrency });
      process.stdout.write(banner(running, 'Presswire worker is running.'));
    });
}
