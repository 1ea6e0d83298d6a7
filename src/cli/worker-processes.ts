/**
 * Extra `presswire worker` processes started by `presswire start --workers N`, so one
 * command uses every core. They share Redis and the database with the parent; the
 * parent restarts one that dies and stops them all, gracefully, when it stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../logger.js';

export interface WorkerProcesses {
  stop(): Promise<void>;
}

export function startWorkerProcesses(count: number, env: NodeJS.ProcessEnv, logger: Logger): WorkerProcesses {
  let stopping = false;
  const children = new Set<ChildProcess>();
  const launch = (n: number) => {
    const child = spawn(process.execPath, [process.argv[1]!, 'worker'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    children.add(child);
    child.once('exit', (code, signal) => {
      children.delete(child);
      if (stopping) return;
      logger.error({ worker: n, code, signal }, 'worker process exited; starting another');
      setTimeout(() => !stopping && launch(n), 1000).unref();
    });
  };
  for (let n = 1; n <= count; n++) launch(n);
  return {
    async stop() {
      stopping = true;
      await Promise.all(
        [...children].map(
          (child) =>
            new Promise<void>((resolve) => {
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
