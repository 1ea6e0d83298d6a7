#!/usr/bin/env node
/**
 * presswire: the server roles (start, serve, worker) and a client of the API for
 * everything else. Commands are thin: parse, call the API, print.
 */
import { Command, CommanderError } from 'commander';
import { loadClientConfig } from '../config.js';
import { ApiClient } from './client.js';
import { registerAccountCommands } from './commands/accounts.command.js';
import { registerContactCommands } from './commands/contacts.command.js';
import { registerDkimCommands } from './commands/dkim.command.js';
import { registerDoctorCommand } from './commands/doctor.command.js';
import { registerPeopleCommands } from './commands/people.command.js';
import { registerReleaseCommands } from './commands/releases.command.js';
import { registerReportCommand } from './commands/report.command.js';
import { registerScheduleCommands } from './commands/schedule.command.js';
import { registerSendCommands } from './commands/send.command.js';
import { registerServerCommands } from './commands/server.command.js';
import { registerTraceCommand } from './commands/trace.command.js';
import { registerUserCommands } from './commands/users.command.js';
import { registerWebhookCommands } from './commands/webhooks.command.js';
import { exitCodes } from './exit-codes.js';
import { reportError } from './output.js';

const program = new Command('presswire')
  .description('Press-release distribution: finalized releases to journalists, on time, exactly once, tracked.')
  .showHelpAfterError()
  .exitOverride();

let apiClient: ApiClient | undefined;
const client = () => (apiClient ??= new ApiClient(loadClientConfig()));

registerServerCommands(program);
registerReleaseCommands(program, client);
registerContactCommands(program, client);
registerSendCommands(program, client);
registerScheduleCommands(program, client);
registerTraceCommand(program, client);
registerReportCommand(program, client);
registerAccountCommands(program, client);
registerDkimCommands(program, client);
registerDoctorCommand(program, client);
registerPeopleCommands(program, client);
registerUserCommands(program, client);
registerWebhookCommands(program, client);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exit(err.exitCode === 0 ? exitCodes.ok : exitCodes.usage);
  }
  process.exit(reportError(err, process.argv.includes('--json')));
}
