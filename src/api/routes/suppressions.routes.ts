import type { FastifyInstance } from 'fastify';
import { readSuppressions, restoreAddress } from '../../contacts/suppressions.service.js';
import type { Context } from '../../context.js';
import { lists } from '../../contract/lists.js';
import { actorOf } from '../auth.js';
import { route } from '../route.js';
import { parseInput } from '../validate.js';

export function suppressionsRoutes(app: FastifyInstance, ctx: Context): void {
  route(app, lists.suppressions, async (request) => {
    const page = parseInput(lists.suppressions.querystring, request.query, 'query');
    const suppressions = await readSuppressions(ctx, actorOf(request), page);
    return { suppressions, next: suppressions.length === page.limit ? suppressions.at(-1)!.email : null };
  });
  route(app, lists.restore, async (request) => restoreAddress(ctx, actorOf(request), parseInput(lists.restore.body, request.body, 'body')));
}
