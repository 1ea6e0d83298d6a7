/**
 * A Presswire deployment of real processes (`presswire start`, `presswire worker`…)
 * sharing one Redis and one database, any of which can be SIGKILLed and restarted at
 * once, as a supervisor (systemd, Kubernetes) would.
 */
import { startServer, type ServerProcess } from './processes.js';

export interface DeploymentSettings {
  smtpPort: number;
  redisUrl: string;
  redisPrefix: string;
  dataDir: string;
  /** PostgreSQL; unset, the processes share SQLite in `dataDir`. */
  databaseUrl?: string;
  /** The HTTP port of `presswire start`. */
  port: number;
  env?: Record<string, string>;
}

/** What a relay-sending Presswire process needs, and nothing about leases or intervals. */
export function processEnv(s: DeploymentSettings): Record<string, string> {
  return {
    SMTP_URL: `smtp://127.0.0.1:${s.smtpPort}`,
    MAIL_FROM: 'Harbor Newsroom <newsroom@press.example.org>',
    ORG_NAME: 'Harbor Legal Aid',
    ORG_ADDRESS: '100 Harbor Drive, San Diego, CA 92101',
    REDIS_URL: s.redisUrl,
    REDIS_PREFIX: s.redisPrefix,
    PRESSWIRE_DATA_DIR: s.dataDir,
    ...(s.databaseUrl ? { DATABASE_URL: s.databaseUrl } : {}),
    PORT: String(s.port),
    PUBLIC_URL: `http://127.0.0.1:${s.port}`,
    LOG_LEVEL: 'warn',
    // The tests poll every 50 ms, faster than any person or the CLI.
    RATE_LIMIT_API: '100000',
    ...s.env,
  };
}

/** The first error a process printed (a crash dump ends in a long object; its start says what happened). */
const firstError = (output: string): string => {
  const at = output.search(/\b\w*Error\b/);
  return (at < 0 ? output.slice(-600) : output.slice(at, at + 600)).trim();
};

export class Deployment {
  kills = 0;
  /** Output of every process that has exited, for a failure message. */
  readonly exitedOutput: string[] = [];

  private constructor(
    private readonly env: Record<string, string>,
    private readonly roles: string[][],
    readonly processes: ServerProcess[],
  ) {}

  /** The first role starts alone (it may create the database); the rest start together. */
  static async start(env: Record<string, string>, roles: string[][]): Promise<Deployment> {
    const first = await startServer(roles[0]!, env);
    const rest = await Promise.all(roles.slice(1).map((r) => startServer(r, env)));
    return new Deployment(env, roles, [first, ...rest]);
  }

  /** SIGKILL process `index` and start the same role again right away. */
  async killAndRestart(index: number): Promise<void> {
    const victim = this.processes[index]!;
    victim.child.kill('SIGKILL');
    await victim.exited;
    this.kills++;
    this.exitedOutput.push(victim.output());
    this.processes[index] = await startServer(this.roles[index]!, this.env);
  }

  /** Processes that exited without being killed by us: their role, exit and last output. */
  died(): string[] {
    return this.processes
      .map((p, i) => ({ p, role: this.roles[i]!.join(' ') }))
      .filter(({ p }) => p.child.exitCode !== null || p.child.signalCode !== null)
      .map(({ p, role }) => `presswire ${role} exited (${p.child.exitCode ?? p.child.signalCode}): ${firstError(p.output())}`);
  }

  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop(signal)));
  }
}
