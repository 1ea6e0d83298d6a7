import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { readSuppressions, restoreAddress, RestoreRequest } from '../../contacts/suppressions.service.js';
import type { Context } from '../../context.js';
import { actorOf } from '../auth.js';
import { parseInput } from '../validate.js';

const Page = z.object({
  after: z.string().max(320).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export function suppressionsRoutes(app: FastifyInstance, ctx: Context): void {
  app.get('/suppressions', async (request) => {
    const page = parseInput(Page, request.query, 'query');
    const suppressions = await readSuppressions(ctx, actorOf(request), page);
    return { suppressions, next: suppressions.length === page.limit ? suppressions.at(-1)!.email : null };
  });
  app.post('/suppressions/restore', async (request) => restoreAddress(ctx, actorOf(request), parseInput(RestoreRequest, request.body, 'body')));
}
