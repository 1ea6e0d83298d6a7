import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, runCli, startServer } from '../helpers/processes.js';
import { deletePrefix, uniquePrefix } from '../helpers/redis.js';

describe('presswire start refuses to run half-configured', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'presswire-startup-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('exits non-zero with one clear paragraph when no Redis answers', async () => {
    const nobody = await freePort();
    const result = await runCli(['start'], { REDIS_URL: `redis://127.0.0.1:${nobody}`, PORT: String(await freePort()) }, cwd);
    expect(result.code).toBe(7);
    expect(result.stderr).toContain(`none answered at redis://127.0.0.1:${nobody}`);
    expect(result.stderr).toContain('docker compose up -d redis');
    expect(result.stderr).toContain('apt-get install redis-server');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names the variable that is wrong', async () => {
    const result = await runCli(['start'], { PORT: 'eighty' }, cwd);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/PORT: /);
  });
});

describe('presswire start --workers', () => {
  it('runs extra worker processes and stops them with itself', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'presswire-workers-'));
    const prefix = uniquePrefix();
    const server = await startServer(['start', '--workers', '2'], { PORT: String(await freePort()), OUTBOX_PORT: String(await freePort()), REDIS_PREFIX: prefix, LOG_LEVEL: 'warn' }, cwd);
    try {
      expect(server.output()).toContain('+ 2 worker process(es)');
      const children = () => execFileSync('ps', ['-o', 'pid=', '--ppid', String(server.child.pid)]).toString().trim().split('\n').filter(Boolean);
      expect(children()).toHaveLength(2);
      expect(await server.stop('SIGTERM')).toBe(0);
      expect(() => children()).toThrow(); // ps exits non-zero: no process has that parent any more
    } finally {
      await server.stop('SIGKILL');
      await deletePrefix(prefix);
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
