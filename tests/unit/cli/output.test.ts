import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { emit, note, reportError } from '../../../src/cli/output.js';

function capture(stream: NodeJS.WriteStream): () => string {
  const chunks: string[] = [];
  vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return () => chunks.join('');
}

const hostile = 'Ana \u001b]0;pwned\u0007\u001b[2J\u009b31m Morales\u007f';

describe('what the CLI prints', () => {
  afterEach(() => vi.restoreAllMocks());

  it('escapes control characters in text for people, keeping its lines', () => {
    const out = capture(process.stdout);
    emit({}, {}, () => `name\t${hostile}\nnext line`);
    expect(out()).toBe('name\tAna \\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m Morales\\u007f\nnext line\n');
  });

  it('escapes DEL and C1 in JSON too, which stays valid JSON with the same value', () => {
    const out = capture(process.stdout);
    emit({ json: true }, { name: hostile }, () => '');
    expect(out()).not.toMatch(/\p{Cc}(?<![\n])/u);
    expect(JSON.parse(out())).toEqual({ name: hostile });
  });

  it('escapes them in errors and notes on stderr', () => {
    const err = capture(process.stderr);
    reportError(new AppError('VALIDATION', `bad ${hostile}`, { issues: [{ field: 'name', message: hostile }] }), false);
    note(`warning: ${hostile}`);
    expect(err()).not.toMatch(/[^\P{Cc}\n]/u);
    expect(err()).toContain('\\u001b[2J');
  });
});
