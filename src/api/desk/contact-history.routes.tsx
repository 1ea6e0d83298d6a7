/** The desk's page of a contact's history: what was sent to them and what happened. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Context } from '../../context.js';
import { AppError } from '../../errors.js';
import { readContactReport } from '../../tracking/contact-report.js';
import { ContactHistory } from '../../web/pages/ContactHistory.js';
import { actorOf } from '../auth.js';
import { pageContext } from './desk-scope.js';

const ContactParams = z.object({ id: z.string().min(1).max(64) });

export function deskContactHistoryRoutes(desk: FastifyInstance, ctx: Context): void {
  desk.get('/contacts/:id/history', async (request, reply) => {
    const params = ContactParams.safeParse(request.params ?? {});
    if (!params.success) throw new AppError('NOT_FOUND', 'No such page');
    const report = await readContactReport(ctx, actorOf(request), params.data.id);
    return reply.html(<ContactHistory ctx={await pageContext(ctx, request, reply)} report={report} />);
  });
}
