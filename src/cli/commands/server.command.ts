/**
 * The server roles: `start` (everything in one process, zero configuration),
 * `serve` (API only), `worker` (workers only) and `inbound` (the SMTP endpoint for bounces,
 * complaints and replies, for a public MX). These run in this process instead of
 * calling the API.
 */
import type { Command } from 'commander';
import { wholeNumber } from '../arguments.js';

export function registerServerCommands(program: Command): void {
  program
    .command('start')
    .description('run everything in one process: API, workers and (without SMTP_URL) the development outbox')
    .option('--workers <n>', 'also start n worker processes, to use more cores', wholeNumber(0))
    .option('--concurrency <n>', 'batches sent at once by each process', wholeNumber())
    .action(async (flags: { workers?: number; concurrency?: number }) => {
      const { startRoles, banner } = await import('../server-roles.js');
      const options = { workerProcesses: flags.workers, concurrency: flags.concurrency };
      const running = await startRoles({ api: true, workers: true, outbox: true, inbound: 'on' }, options);
      process.stdout.write(banner(running, 'Presswire is running.', options));
    });

  program
    .command('serve')
    .description('run the API only (add workers with "presswire worker")')
    .action(async () => {
      const { startRoles, banner } = await import('../server-roles.js');
      const running = await startRoles({ api: true, workers: false, outbox: false, inbound: 'when-set' });
      process.stdout.write(banner(running, 'Presswire API is running.'));
    });

  program
    .command('worker')
    .description('run workers only; start as many as you like against the same Redis and database')
    .option('--concurrency <n>', 'batches sent at once by this process', wholeNumber())
    .action(async (flags: { concurrency?: number }) => {
      const { startRoles, banner } = await import('../server-roles.js');
      const running = await startRoles({ api: false, workers: true, outbox: false }, { concurrency: flags.concurrency });
      process.stdout.write(banner(running, 'Presswire worker is running.'));
    });

  program
    .command('inbound')
    .description('run the inbound SMTP endpoint only (bounces, complaints, replies): the MX of BOUNCE_DOMAIN and REPLY_DOMAIN')
    .action(async () => {
      const { startRoles, banner } = await import('../server-roles.js');
      const running = await startRoles({ api: false, workers: false, outbox: false, inbound: 'on' });
      process.stdout.write(banner(running, 'Presswire inbound mail is running.'));
    });
}
