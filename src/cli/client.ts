/**
 * The CLI's HTTP client for the Presswire API. It finds the admin token in the data
 * directory when it talks to a server on this machine and none was given.
 */
import { readAdminToken } from '../auth/data-files.js';
import type { ClientConfig } from '../config.js';
import type { Problem } from '../contract/common.js';
import { AppError, type ErrorCode } from '../errors.js';

export interface RequestOptions {
  json?: unknown;
  body?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
}

const loopback = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export class ApiClient {
  private readonly token: string | undefined;

  constructor(private readonly config: ClientConfig) {
    this.token = config.token ?? (loopback.has(new URL(config.url).hostname) ? readAdminToken(config.dataDir) : undefined);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const text = await this.send(method, path, options);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** An answer that is not JSON (a CSV export), as text; failures still arrive as problems. */
  async requestText(method: string, path: string, accept: string): Promise<string> {
    return this.send(method, path, { headers: { accept } });
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<string> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let body: string | Buffer | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
      body = options.body;
    }
    let response: Response;
    try {
      response = await fetch(`${this.config.url}/api/v1${path}`, { method, headers, body });
    } catch (err) {
      throw new AppError(
        'UNAVAILABLE',
        `Cannot reach the Presswire server at ${this.config.url}. Start it with "npm start" (or "presswire start"), or set PRESSWIRE_URL to where it runs.`,
        { cause: err },
      );
    }
    // Kept whole: a CSV's byte-order mark is what tells a spreadsheet it is UTF-8.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    if (!response.ok) throw problemToError(response.status, text ? (JSON.parse(text) as unknown) : undefined);
    return text;
  }
}

function problemToError(status: number, data: unknown): AppError {
  const problem = (data ?? {}) as Partial<Problem>;
  const known: ErrorCode[] = ['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'INVALID_STATE', 'UNAUTHORIZED', 'FORBIDDEN', 'UNAVAILABLE', 'TOO_LARGE', 'RATE_LIMITED', 'CONFIG'];
  const code = known.includes(problem.code as ErrorCode) ? (problem.code as ErrorCode) : status === 401 ? 'UNAUTHORIZED' : status >= 500 ? 'UNAVAILABLE' : 'VALIDATION';
  return new AppError(code, problem.detail ?? `The server answered ${status}`, { issues: problem.issues ?? [] });
}
