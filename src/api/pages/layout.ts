/** The frame of every HTML page the server shows people: small, no scripts, strict CSP. */
import type { FastifyReply } from 'fastify';
import { escapeHtml } from '../../rendering/escape.js';

const style = `
  body { margin: 0; font: 16px/1.5 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1f2933; background: #f4f5f7; }
  main { max-width: 760px; margin: 40px auto; padding: 32px; background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  h1 { font-size: 22px; margin: 0 0 16px; }
  button { font: inherit; padding: 10px 20px; border: 0; border-radius: 6px; background: #1d4ed8; color: #fff; cursor: pointer; }
  table { border-collapse: collapse; width: 100%; font-size: 14px; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
  pre { white-space: pre-wrap; background: #f8fafc; padding: 16px; border-radius: 6px; font-size: 13px; }
  iframe { width: 100%; height: 900px; border: 1px solid #e5e7eb; border-radius: 6px; }
  .muted { color: #6b7280; font-size: 14px; }
  form { margin: 0 0 24px; }
  label { display: block; font-weight: 600; margin: 12px 0 4px; }
  input[type=email], input[type=password] { font: inherit; width: 100%; max-width: 420px; padding: 8px 10px; border: 1px solid #9ca3af; border-radius: 6px; box-sizing: border-box; }
  .problem { border: 3px solid #b91c1c; padding: 12px 16px; margin: 0 0 20px; border-radius: 6px; }
  .problem h2 { font-size: 18px; margin: 0 0 8px; color: #b91c1c; }
  .field-error { color: #b91c1c; font-weight: 600; margin: 4px 0; }
  a { color: #1d4ed8; }`;

export function page(reply: FastifyReply, options: { title: string; body: string; lang?: string; status?: number; wide?: boolean }): FastifyReply {
  reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https:; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'");
  reply.header('cache-control', 'no-store');
  const html = `<!doctype html>
<html lang="${escapeHtml(options.lang ?? 'en')}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title><link rel="icon" href="/assets/favicon.svg" type="image/svg+xml"><style>${style}${options.wide ? ' main { max-width: 1100px; }' : ''}</style></head>
<body><main>${options.body}</main></body></html>`;
  return reply.code(options.status ?? 200).type('text/html; charset=utf-8').send(html);
}
