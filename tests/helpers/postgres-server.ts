/**
 * A PostgreSQL server of the test's own, on a free port in a temporary directory, for
 * tests that stop or crash the database — never the shared one. Debian's binaries; run
 * as the `postgres` user when the test runs as root, since initdb refuses root.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './processes.js';

const run = promisify(execFile);

export interface OwnPostgres {
  /** The `postgres` database on this server, trust auth. */
  url: string;
  /** `pg_ctl stop -m immediate`: no checkpoint, connections cut — what a crash does to clients. */
  crash(): Promise<void>;
  /** Start again on the same port and directory (crash recovery replays the WAL). */
  start(): Promise<void>;
  close(): Promise<void>;
}

function binDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin/initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`no PostgreSQL binaries under ${root} (set PG_BIN_DIR)`);
  return join(root, newest, 'bin');
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const pgCommand = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  const dir = mkdtempSync(join(tmpdir(), 'presswire-pg-'));
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  // fsync=off: an immediate stop keeps the OS page cache, so durability is intact for these tests.
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`;
  const own: OwnPostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      await pgCommand('pg_ctl', ['start', '-D', data, '-w', '-t', '30', '-l', join(dir, 'server.log'), '-o', options]);
    },
    async crash() {
      await pgCommand('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
    },
    async close() {
      await own.crash().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await pgCommand('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
    await own.start();
  } catch (err) {
    await own.close();
    throw err;
  }
  return own;
}
