/**
 * The benchmark still works: a small run end to end, on both databases, with its
 * reference. It checks that numbers are produced, never how large they are.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { repoRoot } from '../helpers/fixtures.js';

describe('npm run bench -- --smoke', () => {
  const dir = mkdtempSync(join(tmpdir(), 'presswire-bench-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('measures a small distribution and the raw reference', async () => {
    const out = join(dir, 'smoke.json');
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [join(repoRoot, 'dist/bench/run.js'), '--smoke', '--databases', testDatabaseKinds().join(','), '--out', out], { stdio: 'ignore' });
      child.on('exit', resolve);
    });
    expect(code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { runs: { database: string; recipients: number; accepted: number; perSecond: number; processes: { peakRssMb: number }[]; reference: { perSecond: number }[] }[] };
    expect(result.runs.map((r) => r.database)).toEqual(testDatabaseKinds());
    for (const run of result.runs) {
      expect(run.accepted).toBe(run.recipients);
      expect(run.perSecond).toBeGreaterThan(0);
      expect(run.processes[0]!.peakRssMb).toBeGreaterThan(0);
      expect(run.reference.length).toBeGreaterThan(0);
    }
  });
});
