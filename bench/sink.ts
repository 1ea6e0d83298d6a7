/**
 * The SMTP sink the benchmark sends to: Postfix's smtp-sink when installed (the
 * physical reference), else a minimal in-process sink in a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export interface Sink {
  kind: 'postfix smtp-sink' | 'node smtp-server';
  port: number;
  pid: number;
  close(): Promise<void>;
}

export const postfixSink = '/usr/sbin/smtp-sink';
export const postfixSource = '/usr/sbin/smtp-source';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const { connect } = await import('node:net');
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`sink exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('sink did not start');
}

export async function startSink(nodeSinkScript: string): Promise<Sink> {
  const port = await freePort();
  const usePostfix = existsSync(postfixSink);
  // smtp-sink: backlog 1000; it answers every command and discards each message.
  const child = usePostfix
    ? spawn(postfixSink, ['-u', process.env.USER === 'root' || !process.env.USER ? 'root' : process.env.USER, `127.0.0.1:${port}`, '1000'], { stdio: 'ignore' })
    : spawn(process.execPath, [nodeSinkScript, String(port)], { stdio: 'ignore' });
  await waitForPort(port, child);
  return {
    kind: usePostfix ? 'postfix smtp-sink' : 'node smtp-server',
    port,
    pid: child.pid!,
    close: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
