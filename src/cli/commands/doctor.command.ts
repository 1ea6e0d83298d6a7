import type { Command } from 'commander';
import type { DoctorReport } from '../../contract/doctor.js';
import type { ApiClient } from '../client.js';
import { exitCodes } from '../exit-codes.js';
import { emit } from '../output.js';

const mark = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' } as const;

/** One block per finding: status, check and detail, then how to fix it. */
const human = (report: DoctorReport): string => {
  const blocks = report.findings.map((f) => `${mark[f.status]}  ${f.check}: ${f.detail}${f.fix ? `\n      fix: ${f.fix}` : ''}`);
  const failed = report.findings.filter((f) => f.status === 'fail').length;
  const warned = report.findings.filter((f) => f.status === 'warn').length;
  const summary = failed ? `${failed} check(s) failed, ${warned} warning(s): mail from ${report.domain} may not arrive` : `no check failed (${warned} warning(s)) for ${report.domain}`;
  return `${blocks.join('\n')}\n\n${summary}`;
};

export function registerDoctorCommand(program: Command, client: () => ApiClient): void {
  program
    .command('doctor')
    .description('check the sending domain (SPF, DKIM, DMARC, bounce MX), the relay and the installation, each finding with its fix')
    .option('--org <org>', 'the organisation (administrators of the installation only)')
    .option('--json', 'print the findings as JSON')
    .addHelpText('after', `\nExit code ${exitCodes.ok} when no check fails (warnings are allowed), ${exitCodes.checksFailed} when one or more fail.`)
    .action(async (flags: { org?: string; json?: boolean }) => {
      const report = await client().request<DoctorReport>('GET', `/doctor${flags.org ? `?org=${encodeURIComponent(flags.org)}` : ''}`);
      emit(flags, report, () => human(report));
      if (!report.ok) process.exitCode = exitCodes.checksFailed;
    });
}
