import type { FastifyInstance } from 'fastify';
import { addAccount, listAccounts, verifyAccount } from '../../accounts/accounts.service.js';
import type { Context } from '../../context.js';
import { accounts } from '../../contract/accounts.js';
import { actorOf } from '../auth.js';
import { route } from '../route.js';
import { parseInput } from '../validate.js';

export function accountsRoutes(app: FastifyInstance, ctx: Context): void {
  route(app, accounts.add, async (request, reply) => reply.code(201).send(await addAccount({ ...ctx, social: ctx.config.social }, actorOf(request), parseInput(accounts.add.body, request.body, 'body'))));
  route(app, accounts.list, async (request) => ({ accounts: await listAccounts(ctx, actorOf(request)) }));
  route(app, accounts.verify, async (request) => verifyAccount({ ...ctx, social: ctx.config.social }, actorOf(request), parseInput(accounts.verify.params, request.params, 'params').ref));
}
