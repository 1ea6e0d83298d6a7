/**
 * Routes registered from the contract's operations, so the OpenAPI document describes
 * exactly the routes that exist. Handlers validate their input with `parseInput` on the
 * operation's own schemas, at the point their use case wants it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, RouteOptions } from 'fastify';
import { Problem } from '../contract/common.js';
import type { Answer, Operation } from '../contract/operation.js';

type Handler<O extends Operation> = (request: FastifyRequest, reply: FastifyReply) => Promise<Answer<O> | FastifyReply>;

const problem = { description: 'An RFC 9457 problem: what went wrong, and the fields at fault', content: { 'application/problem+json': { schema: Problem } } };

export function route<O extends Operation>(app: FastifyInstance, op: O, handler: Handler<O>, options: Pick<RouteOptions, 'bodyLimit'> = {}): void {
  const { method, url, response, ...described } = op;
  const schema: FastifySchema = { ...described, response: { ...response, default: problem } };
  app.route({ method, url, ...options, schema, handler });
}

/**
 * Fastify compiles a validator and a serializer for every schema it is given. The zod
 * schemas here are for the document: validation stays in the handlers, so the order of
 * checks and the problem's `issues` are what they always were, and answers are written as
 * plain JSON, with no field dropped or added by a response schema.
 */
export function schemasDescribeOnly(app: FastifyInstance): void {
  app.setValidatorCompiler(() => (value) => ({ value }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}
