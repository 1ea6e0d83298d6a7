import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import { dkim } from '../../contract/dkim.js';
import { generateKey, importKey, listKeys, removeKey, showKey } from '../../dkim/dkim.service.js';
import { actingFor } from '../../organisations/organisations.service.js';
import { actorOf } from '../auth.js';
import { route } from '../route.js';
import { parseInput } from '../validate.js';

export function dkimRoutes(app: FastifyInstance, ctx: Context): void {
  const actorIn = (request: FastifyRequest, org: string | undefined) => actingFor(ctx.db, actorOf(request), org);
  const fromQuery = (request: FastifyRequest) => actorIn(request, parseInput(dkim.list.querystring, request.query, 'query').org);
  const selectorOf = (request: FastifyRequest) => parseInput(dkim.show.params, request.params, 'params').selector;

  route(app, dkim.generate, async (request, reply) => {
    const { org, ...input } = parseInput(dkim.generate.body, request.body, 'body');
    return reply.code(201).send(await generateKey(ctx, await actorIn(request, org), input));
  });
  route(app, dkim.import, async (request, reply) => {
    const { org, ...input } = parseInput(dkim.import.body, request.body, 'body');
    return reply.code(201).send(await importKey(ctx, await actorIn(request, org), input));
  });
  route(app, dkim.list, async (request) => ({ keys: await listKeys(ctx, await fromQuery(request)) }));
  route(app, dkim.current, async (request) => showKey(ctx, await fromQuery(request)));
  route(app, dkim.show, async (request) => showKey(ctx, await fromQuery(request), selectorOf(request)));
  route(app, dkim.remove, async (request) => removeKey(ctx, await fromQuery(request), selectorOf(request)));
}
