import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { webhooks } from '../../contract/webhooks.js';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, rotateSecret, sendTestEvent, updateEndpoint } from '../../webhooks/endpoints.js';
import { listMessages, redeliverMessage } from '../../webhooks/messages.js';
import { actorOf } from '../auth.js';
import { route } from '../route.js';
import { parseInput } from '../validate.js';

export function webhooksRoutes(app: FastifyInstance, ctx: Context): void {
  const deps = { ...ctx, webhooks: ctx.config.webhooks };
  const endpointId = (op: { params: typeof webhooks.get.params }, params: unknown) => parseInput(op.params, params, 'params').id;

  route(app, webhooks.create, async (request, reply) => reply.code(201).send(await createEndpoint(deps, actorOf(request), parseInput(webhooks.create.body, request.body, 'body'))));
  route(app, webhooks.list, async (request) => ({ webhooks: await listEndpoints(deps, actorOf(request)) }));
  route(app, webhooks.get, async (request) => getEndpoint(deps, actorOf(request), endpointId(webhooks.get, request.params)));
  route(app, webhooks.update, async (request) => updateEndpoint(deps, actorOf(request), endpointId(webhooks.update, request.params), parseInput(webhooks.update.body, request.body, 'body')));
  route(app, webhooks.remove, async (request, reply) => {
    await deleteEndpoint(deps, actorOf(request), endpointId(webhooks.remove, request.params));
    return reply.code(204).send();
  });
  route(app, webhooks.rotateSecret, async (request) => rotateSecret(deps, actorOf(request), endpointId(webhooks.rotateSecret, request.params)));
  route(app, webhooks.test, async (request, reply) => reply.code(202).send(await sendTestEvent(deps, actorOf(request), endpointId(webhooks.test, request.params))));
  route(app, webhooks.messages, async (request) => {
    const query = parseInput(webhooks.messages.querystring, request.query, 'query');
    return { messages: await listMessages(deps, actorOf(request), endpointId(webhooks.messages, request.params), query) };
  });
  route(app, webhooks.redeliver, async (request, reply) => {
    const { id, messageId } = parseInput(webhooks.redeliver.params, request.params, 'params');
    return reply.code(202).send(await redeliverMessage(deps, actorOf(request), id, messageId));
  });
}
