/**
 * How the CLI speaks: readable text for people, or exactly one JSON document on
 * stdout with --json. Errors always go to stderr, and the exit code says what kind.
 */
import { AppError } from '../errors.js';
import { escapeControls } from '../text/control-characters.js';
import { exitCodeFor, exitCodes } from './exit-codes.js';

export interface JsonFlag {
  json?: boolean;
}

/**
 * Everything printed passes here: what the server sends could hold ESC or CSI sequences
 * that drive the terminal, so control characters are written as escapes. JSON escapes
 * C0 itself; DEL and C1 are escaped in the same \uXXXX form, which keeps it valid JSON.
 */
const write = (stream: NodeJS.WriteStream, text: string): void => {
  stream.write(escapeControls(text, { lines: true }));
};

const json = (data: unknown, indent?: number): string => JSON.stringify(data, null, indent);

export function emit(flags: JsonFlag, data: unknown, human: () => string): void {
  write(process.stdout, flags.json ? `${json(data, 2)}\n` : `${human()}\n`);
}

// A file's own structure (CRLF records, tabs) passes; every other control is escaped.
const fileControls = /[^\P{Cc}\n\r\t]/gu;

/** A file for stdout (a CSV export), as the server wrote it but for terminal controls. */
export function emitFile(text: string): void {
  process.stdout.write(text.replace(fileControls, (ch) => escapeControls(ch)));
}

/** A line for people on stderr (progress, warnings), beside the result on stdout. */
export function note(line: string): void {
  write(process.stderr, `${line}\n`);
}

/** Report an error on stderr and return the exit code it calls for. */
export function reportError(err: unknown, asJson: boolean): number {
  if (err instanceof AppError) {
    if (asJson) {
      write(process.stderr, `${json({ error: { code: err.code, message: err.message, issues: err.issues } }, 2)}\n`);
    } else {
      const issues = err.issues.map((i) => `  ${[i.row !== undefined ? `row ${i.row}` : '', i.field ?? ''].filter(Boolean).join(', ')}${i.field || i.row !== undefined ? ': ' : ''}${i.message}`);
      write(process.stderr, `error: ${err.message}\n${issues.length ? `${issues.join('\n')}\n` : ''}`);
    }
    return exitCodeFor(err.code);
  }
  const message = err instanceof Error ? err.message : String(err);
  write(process.stderr, asJson ? `${json({ error: { code: 'INTERNAL', message } })}\n` : `error: ${message}\n`);
  return exitCodes.internal;
}

/** A small aligned table for people. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}
