/**
 * A browser without a browser, for the sign-in pages: the cookies the server set, kept
 * across requests and sent back (as a browser would), and forms read for their CSRF token.
 * Requests go through `app.inject` (real HTTP parsing and hooks), from an address of choice.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

export const csrfTokenIn = (html: string): string => {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no CSRF token in the page:\n${html.slice(0, 500)}`);
  return token;
};

/** A multipart body as a browser sends a form with a file input. */
export function multipart(fields: Record<string, string>, file?: { name: string; content: string }): { payload: string; contentType: string } {
  const boundary = '----presswire-test-boundary';
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  if (file) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/plain\r\n\r\n${file.content}\r\n`);
  return { payload: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

export class FormClient {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly ip = '127.0.0.1',
  ) {}

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await this.app.inject({ remoteAddress: this.ip, ...options, headers: { ...(cookie ? { cookie } : {}), ...options.headers } });
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const gone = c.value === '' || c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() < Date.now());
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  get(url: string): Promise<LightMyRequestResponse> {
    return this.request({ method: 'GET', url });
  }

  /** POST a form as a browser does: urlencoded, with the CSRF token (unless `csrf` is null). */
  post(url: string, fields: Record<string, string>, csrf: string | null): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams({ ...fields, ...(csrf === null ? {} : { _csrf: csrf }) });
    return this.request({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  }

  /** POST a multipart form (fields and at most one file) as a browser does. */
  postMultipart(url: string, fields: Record<string, string>, file?: { name: string; content: string }): Promise<LightMyRequestResponse> {
    const { payload, contentType } = multipart(fields, file);
    return this.request({ method: 'POST', url, headers: { 'content-type': contentType }, payload });
  }

  /** Open the page holding a form, then send it with that page's token. */
  async submit(pageUrl: string, action: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    const form = await this.get(pageUrl);
    return this.post(action, fields, csrfTokenIn(form.body));
  }

  /** A JSON API call with this browser's cookies (and its CSRF token when given). */
  api(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, json?: unknown, csrf?: string): Promise<LightMyRequestResponse> {
    return this.request({ method, url, ...(json === undefined ? {} : { payload: JSON.stringify(json) }), headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...(csrf ? { 'x-csrf-token': csrf } : {}) } });
  }
}
