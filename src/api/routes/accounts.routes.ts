import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { addAccount, listAccounts, verifyAccount } from '../../accounts/accounts.service.js';
import type { Context } from '../../context.js';
import { lineText } from '../../text/control-characters.js';
import { actorOf } from '../auth.js';
import { parseInput } from '../validate.js';

const AddBody = z.object({
  network: z.enum(['x', 'bluesky', 'mastodon']),
  name: lineText().trim().min(1).max(200),
  settings: z.record(z.string(), z.unknown()).optional(),
  /** The network's credentials; leave out for a dry-run account. Never echoed back. */
  credentials: z.record(z.string(), z.unknown()).optional(),
});
const Ref = z.object({ ref: z.string().min(1).max(250) });

export function accountsRoutes(app: FastifyInstance, ctx: Context): void {
  app.post('/accounts', async (request, reply) => reply.code(201).send(await addAccount({ ...ctx, social: ctx.config.social }, actorOf(request), parseInput(AddBody, request.body, 'body'))));
  app.get('/accounts', async (request) => ({ accounts: await listAccounts(ctx, actorOf(request)) }));
  app.post('/accounts/:ref/verify', async (request) => verifyAccount({ ...ctx, social: ctx.config.social }, actorOf(request), parseInput(Ref, request.params, 'params').ref));
}
