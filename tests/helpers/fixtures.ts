import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in tests/helpers/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Shared test data lives beside the checkout, in ../shared/fixtures. */
export const fixturePath = (relative: string): string => resolve(repoRoot, '../shared/fixtures', relative);

export const readFixture = (relative: string): string => readFileSync(fixturePath(relative), 'utf8');
