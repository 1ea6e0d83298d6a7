/**
 * The process logger: pino, which Fastify logs through too. One JSON object per line on
 * stderr for machines, or a readable line for people at a terminal. Values under keys
 * named like secrets are never printed, at any depth, and errors keep only what helps.
 */
import { createRequire } from 'node:module';
import pino from 'pino';
import type PinoPretty from 'pino-pretty';

export type Logger = pino.Logger;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LoggerOptions {
  level: LogLevel | 'silent';
  format?: 'pretty' | 'json';
  /** Receives each line, without its newline, instead of stderr (tests read what is logged). */
  write?: (line: string) => void;
}

const secretKey = /pass(word)?|secret|token|authorization|credential|api[-_]?key|cookie/i;
const maxDepth = 8;
const errorLevel = pino.levels.values.error!;

/** Error messages quote what failed: a URL with its password, an Authorization value. */
function hideInText(text: string): string {
  return text.replace(/(\/\/[^\s/:@]*:)[^\s/@]+@/g, '$1[redacted]@').replace(/\bBearer\s+\S+/gi, 'Bearer [redacted]');
}

/** Not pino's std serializer: that copies every property, and HTTP clients hang requests and headers on their errors. */
function errorFields(err: Error, withStack: boolean): Record<string, unknown> {
  return {
    type: err.name,
    message: hideInText(err.message),
    code: (err as { code?: unknown }).code,
    stack: withStack && err.stack ? hideInText(err.stack) : undefined,
  };
}

function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return Array.isArray(value) || proto === Object.prototype || proto === null;
}

/** Plain data is copied with secrets replaced; other objects (a Fastify request…) are left to their serializer. */
function scrub(value: unknown, withStack: boolean, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return errorFields(value, withStack);
  if (!isPlain(value)) return value;
  if (depth === maxDepth) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => scrub(v, withStack, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, secretKey.test(k) ? '[redacted]' : scrub(v, withStack, depth + 1)]));
}

function destination(options: LoggerOptions): pino.DestinationStream {
  const { write } = options;
  const sink: pino.DestinationStream = write ? { write: (s) => write(s.replace(/\n$/, '')) } : pino.destination({ dest: 2, sync: true });
  const format = options.format ?? (process.stderr.isTTY ? 'pretty' : 'json');
  if (format === 'json') return sink;
  // Loaded only for people at a terminal; a JSON deployment never needs it.
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  const prettify = pretty.prettyFactory({
    colorize: !write && process.stderr.isTTY && process.stderr.hasColors(),
    translateTime: 'HH:MM:ss.l',
    ignore: 'pid',
    singleLine: true,
  });
  return { write: (line) => sink.write(prettify(line)) };
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        // Every object logged passes here before pino sees it, Fastify's own lines included (child bindings do not: bind no secrets).
        logMethod(args, method, level) {
          const [first] = args as unknown[];
          if (typeof first === 'object' && first !== null) {
            (args as unknown[])[0] = scrub(first instanceof Error ? { err: first } : first, level >= errorLevel);
          }
          method.apply(this, args);
        },
      },
      // Errors are already reduced above; this keeps Fastify from putting pino's std serializer back.
      serializers: { err: (err: unknown) => err },
    },
    destination(options),
  );
}
