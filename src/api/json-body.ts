/**
 * Every JSON body the API accepts is an object. `[]`, `"x"`, `42` and `null` are valid
 * JSON, so Fastify's parser lets them through; refusing them once, before any route runs,
 * spares every route a guard against `'content' in 42`.
 */
import type { FastifyInstance } from 'fastify';
import { invalid } from '../errors.js';

const isJson = (contentType: string | undefined): boolean => /^application\/(?:[\w.-]+\+)?json\b/i.test(contentType ?? '');

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function requireObjectBodies(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || !isJson(request.headers['content-type'])) return;
    const kind = kindOf(request.body);
    if (kind !== 'an object') {
      throw invalid(`The request body must be a JSON object, not ${kind}`, [{ field: 'body', message: `must be a JSON object, not ${kind}` }]);
    }
  });
}
