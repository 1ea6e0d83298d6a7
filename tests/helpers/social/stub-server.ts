/**
 * The shared shape of the social network stubs: a real HTTP(S) server on an ephemeral
 * 127.0.0.1 port that records every request and every post it created, and answers from a
 * route table that each network's stub fills in.
 *
 * Scripting, per route name and per call: `next('post', fault, …)` makes the next calls of
 * that route answer the given replies (a 429 with the network's reset headers, a 5xx…) or
 * `{ delayMs }` — do the work, creating the post, then answer late (a timeout that posted).
 * `revoke()` makes every authenticated call answer the network's 401.
 */
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, form fields (files as `{ type, size, data }`), or the raw bytes. */
  body: unknown;
  /** The route that answered, when one matched. */
  route?: string;
}

export interface StubMedia {
  id: string;
  mimeType: string;
  size: number;
  alt?: string;
}

export interface StubPost {
  /** The network's id for it: tweet id, at:// URI, status id. */
  id: string;
  text: string;
  /** The parent's id, for a reply. */
  replyTo?: string;
  media: StubMedia[];
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Sent as it is instead of `body` as JSON: an answer that does not parse. */
  raw?: string;
}

/** A reply instead of the route's own, or the route's own answer `delayMs` late. */
export type Fault = Reply | { delayMs: number };

export interface Route {
  name: string;
  method: 'GET' | 'POST';
  path: RegExp;
  /** Reachable without credentials (a login). */
  open?: boolean;
  handle(request: RecordedRequest, params: string[]): Reply | Promise<Reply>;
}

export interface FormFile {
  type: string;
  size: number;
  data: Buffer;
}

export abstract class StubServer {
  readonly requests: RecordedRequest[] = [];
  readonly posts: StubPost[] = [];
  readonly media = new Map<string, StubMedia>();
  /** Where the stub listens, e.g. `https://127.0.0.1:40123/`. */
  url = '';
  protected revoked = false;
  private readonly faults = new Map<string, Fault[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server: Server | undefined;

  protected abstract readonly routes: Route[];
  protected abstract authorized(request: RecordedRequest): boolean;
  /** The network's answer to a refused token. */
  abstract unauthorized(): Reply;
  /** The network's 429, with its own reset headers, for a window that resets at this Unix time. */
  abstract rateLimited(resetEpochSeconds: number): Reply;

  serverError(): Reply {
    return { status: 503, body: { error: 'ServiceUnavailable', message: 'Service Unavailable' } };
  }

  /** The next calls of `route` meet these faults, one call each, in order. */
  next(route: string, ...faults: Fault[]): this {
    this.faults.set(route, [...(this.faults.get(route) ?? []), ...faults]);
    return this;
  }

  /** From now on every authenticated call is refused, as after the user revoked the app. */
  revoke(): this {
    this.revoked = true;
    return this;
  }

  calls(route: string): RecordedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  async start(tls?: { key: string; cert: string }): Promise<this> {
    const listener = (req: IncomingMessage, res: ServerResponse) => void this.answer(req, res);
    const server = tls ? createHttpsServer(tls, listener) : createHttpServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as { port: number }).port}/`;
    return this;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readAll(req);
    const url = new URL(req.url ?? '/', 'http://stub');
    const request: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: parseBody(req.headers, raw) };
    this.requests.push(request);
    const found = this.match(request);
    if (!found) return send(res, { status: 404, body: { error: 'NotFound', message: `no stub route for ${request.method} ${request.path}` } });
    const [route, params] = found;
    request.route = route.name;
    const fault = this.faults.get(route.name)?.shift();
    if (fault && 'status' in fault) return send(res, fault);
    const reply = !route.open && (this.revoked || !this.authorized(request)) ? this.unauthorized() : await route.handle(request, params);
    if (fault) await this.sleep(fault.delayMs);
    send(res, reply);
  }

  private match(request: RecordedRequest): [Route, string[]] | undefined {
    for (const route of this.routes) {
      const m = route.method === request.method ? route.path.exec(request.path) : null;
      if (m) return [route, m.slice(1).map(decodeURIComponent)];
    }
    return undefined;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(headers: IncomingHttpHeaders, raw: Buffer): unknown {
  const type = headers['content-type'] ?? '';
  if (raw.length === 0) return undefined;
  if (type.includes('json')) return JSON.parse(raw.toString('utf8'));
  const boundary = /^multipart\/form-data;.*boundary=("?)([^";]+)\1/i.exec(type)?.[2];
  return boundary ? parseMultipart(raw, boundary) : raw;
}

/**
 * A part with a filename or a Content-Type is a file. (The WHATWG parser would decode
 * twitter-api-v2's media part — octet-stream without a filename — as a UTF-8 string.)
 */
function parseMultipart(raw: Buffer, boundary: string): Record<string, string | FormFile> {
  const fields: Record<string, string | FormFile> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  for (let start = raw.indexOf(delimiter); start !== -1; ) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = raw.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const data = Buffer.from(part.subarray(split + 4));
    const name = /name="([^"]*)"/i.exec(head)?.[1] ?? '';
    const fileType = /^content-type:\s*(.+)$/im.exec(head)?.[1]?.trim() ?? (/filename="/i.test(head) ? 'application/octet-stream' : undefined);
    fields[name] = fileType ? { type: fileType, size: data.length, data } : data.toString('utf8');
    start = next;
  }
  return fields;
}

function send(res: ServerResponse, { status, headers = {}, body, raw }: Reply): void {
  // The client may have given up already (that is what a delay is for).
  if (res.destroyed) return;
  const payload = raw ?? (body === undefined ? '' : JSON.stringify(body));
  res.writeHead(status, { ...(payload && { 'content-type': 'application/json; charset=utf-8' }), ...headers });
  res.end(payload);
}

export const json = (body: unknown, status = 200): Reply => ({ status, body });
