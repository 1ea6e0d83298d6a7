/**
 * How the CLI speaks: readable text for people, or exactly one JSON document on
 * stdout with --json. Errors always go to stderr, and the exit code says what kind.
 */
import { AppError } from '../errors.js';
import { exitCodeFor, exitCodes } from './exit-codes.js';

export interface JsonFlag {
  json?: boolean;
}

export function emit(flags: JsonFlag, data: unknown, human: () => string): void {
  process.stdout.write(flags.json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
}

/** Report an error on stderr and return the exit code it calls for. */
export function reportError(err: unknown, json: boolean): number {
  if (err instanceof AppError) {
    if (json) {
      process.stderr.write(`${JSON.stringify({ error: { code: err.code, message: err.message, issues: err.issues } }, null, 2)}\n`);
    } else {
      const issues = err.issues.map((i) => `  ${[i.row !== undefined ? `row ${i.row}` : '', i.field ?? ''].filter(Boolean).join(', ')}${i.field || i.row !== undefined ? ': ' : ''}${i.message}`);
      process.stderr.write(`error: ${err.message}\n${issues.length ? `${issues.join('\n')}\n` : ''}`);
    }
    return exitCodeFor(err.code);
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(json ? `${JSON.stringify({ error: { code: 'INTERNAL', message } })}\n` : `error: ${message}\n`);
  return exitCodes.internal;
}

/** A small aligned table for people. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}
