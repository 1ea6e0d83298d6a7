import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in tests/helpers/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Test data lives in the repository, in tests/fixtures: a clone needs nothing beside it. */
export const fixturePath = (relative: string): string => resolve(repoRoot, 'tests/fixtures', relative);

export const readFixture = (relative: string): string => readFileSync(fixturePath(relative), 'utf8');
