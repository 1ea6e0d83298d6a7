import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, runCli } from '../helpers/processes.js';

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
