/**
 * Pages of the development outbox: every message the server "sent" while no relay is
 * configured, with its HTML, its text part and the .eml file. Only mounted in that mode,
 * for a signed-in browser or an API token alike (the desk's layout, the outbox section).
 */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { listOutbox, readOutboxFile, readOutboxMessage } from '../../outbox/outbox-store.js';
import { authorizeOutbox } from '../../organisations/organisations.service.js';
import { OutboxList, OutboxMessagePage } from '../../web/pages/Outbox.js';
import { htmlPages, pageContext } from '../desk/desk-scope.js';
import { actorOf } from '../auth.js';

const rawHeaders = new Set(['list-unsubscribe', 'list-unsubscribe-post', 'x-presswire-envelope-from', 'x-presswire-envelope-to']);

export async function outboxRoutes(app: FastifyInstance, ctx: Context): Promise<void> {
  const dir = ctx.config.outbox.dir;
  await htmlPages(app);
  app.addHook('preHandler', async (request) => authorizeOutbox(ctx.db, actorOf(request)));
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.get('/outbox', async (request, reply) => {
    const entries = listOutbox(dir, 100);
    const messages = await Promise.all(entries.map(async (e) => ({ ...(await readOutboxMessage(dir, e.id)), receivedAt: e.receivedAt })));
    return reply.html(OutboxList({ ctx: await pageContext(ctx, request, reply), dir, messages }));
  });

  app.get<{ Params: { id: string } }>('/outbox/:id', async (request, reply) => {
    const message = await readOutboxMessage(dir, request.params.id);
    const decoded = [
      { name: 'From', value: message.from },
      { name: 'To', value: message.to },
      { name: 'Subject', value: message.subject },
      { name: 'Date', value: message.date },
      { name: 'Message-ID', value: message.messageId },
    ];
    const headers = [...decoded, ...message.headers.filter((h) => rawHeaders.has(h.name))];
    return reply.html(OutboxMessagePage({ ctx: await pageContext(ctx, request, reply), message, headers }));
  });

  app.get<{ Params: { id: string } }>('/outbox/:id/html', async (request, reply) => {
    const m = await readOutboxMessage(dir, request.params.id);
    // The message's HTML is shown as mail clients show it: no scripts, no network but images; framed by this origin only.
    reply.header('content-security-policy', "sandbox; default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; frame-ancestors 'self'");
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
