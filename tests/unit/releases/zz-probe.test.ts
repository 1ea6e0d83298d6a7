import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { importPlainText } from '../../../src/releases/import-text.js';
const show = (t: string) => { try { const r = importPlainText(t, new Date('2026-01-01T00:00:00Z')); console.log(JSON.stringify(r, null, 1)); } catch (e) { console.log('ERR', (e as Error).message); } };
it('probe', () => {
  for (const t of readFileSync('/tmp/probe/input.txt', 'utf8').split('\n=====\n')) show(t);
});
