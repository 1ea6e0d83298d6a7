/**
 * Pages of the development outbox: every message the server "sent" while no relay is
 * configured, with its HTML, its text part and the .eml file. Only mounted in that mode.
 */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { listOutbox, readOutboxFile, readOutboxMessage } from '../../outbox/outbox-store.js';
import { escapeHtml } from '../../rendering/escape.js';
import { page } from '../pages/layout.js';
import { authorizeOutbox } from '../../organisations/organisations.service.js';
import { actorOf } from '../auth.js';

const rawHeaders = new Set(['list-unsubscribe', 'list-unsubscribe-post', 'x-presswire-envelope-from', 'x-presswire-envelope-to']);

export function outboxRoutes(app: FastifyInstance, ctx: Context): void {
  const dir = ctx.config.outbox.dir;
  app.addHook('preHandler', async (request) => authorizeOutbox(ctx.db, actorOf(request)));

  app.get('/outbox', async (_request, reply) => {
    const entries = listOutbox(dir, 100);
    const messages = await Promise.all(entries.map((e) => readOutboxMessage(dir, e.id)));
    const rows = messages
      .map(
        (m, i) =>
          `<tr><td>${escapeHtml(entries[i]!.receivedAt.slice(0, 19).replace('T', ' '))}</td><td>${escapeHtml(m.to)}</td>` +
          `<td><a href="/outbox/${encodeURIComponent(m.id)}">${escapeHtml(m.subject || '(no subject)')}</a></td>` +
          `<td><a href="/outbox/${encodeURIComponent(m.id)}/html">HTML</a> · <a href="/outbox/${encodeURIComponent(m.id)}/text">text</a> · <a href="/outbox/${encodeURIComponent(m.id)}/eml">.eml</a></td></tr>`,
      )
      .join('');
    return page(reply, {
      title: 'Presswire outbox',
      wide: true,
      body: `<h1>Development outbox</h1><p class="muted">Messages the server sent while no SMTP relay is configured (SMTP_URL unset). The .eml files are in ${escapeHtml(dir)}. Newest first; up to 100 shown.</p>
${messages.length ? `<table><tr><th>Received (UTC)</th><th>To</th><th>Subject</th><th>Open</th></tr>${rows}</table>` : '<p>No messages yet. Send a release and they appear here.</p>'}`,
    });
  });

  app.get<{ Params: { id: string } }>('/outbox/:id', async (request, reply) => {
    const m = await readOutboxMessage(dir, request.params.id);
    const id = encodeURIComponent(m.id);
    const decoded: [string, string | undefined][] = [['From', m.from], ['To', m.to], ['Subject', m.subject], ['Date', m.date], ['Message-ID', m.messageId]];
    const headers = [...decoded, ...m.headers.filter((h) => rawHeaders.has(h.name)).map((h): [string, string] => [h.name, h.value])]
      .map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value ?? '')}</td></tr>`)
      .join('');
    return page(reply, {
      title: m.subject,
      wide: true,
      body: `<p class="muted"><a href="/outbox">← outbox</a> · <a href="/outbox/${id}/eml">download .eml</a></p>
<h1>${escapeHtml(m.subject)}</h1><table>${headers}</table>
<h2>HTML part</h2>${m.html ? `<iframe sandbox src="/outbox/${id}/html" title="HTML part"></iframe>` : '<p>(none)</p>'}
<h2>Text part</h2><pre>${escapeHtml(m.text)}</pre>`,
    });
  });

  app.get<{ Params: { id: string } }>('/outbox/:id/html', async (request, reply) => {
    const m = await readOutboxMessage(dir, request.params.id);
    // The message's HTML is shown as mail clients show it: no scripts, no network but images.
    reply.header('content-security-policy', "sandbox; default-src 'none'; img-src https: data:; style-src 'unsafe-inline'");
    return reply.type('text/html; charset=utf-8').send(m.html ?? '');
  });

  app.get<{ Params: { id: string } }>('/outbox/:id/text', async (request, reply) => {
    const m = await readOutboxMessage(dir, request.params.id);
    return reply.type('text/plain; charset=utf-8').send(m.text);
  });

  app.get<{ Params: { id: string } }>('/outbox/:id/eml', async (request, reply) => {
    const raw = readOutboxFile(dir, request.params.id);
    return reply.type('message/rfc822').header('content-disposition', `attachment; filename="${request.params.id}"`).send(raw);
  });
}
