/** The OpenAPI document at /api/docs: signed-in callers only, valid, and naming every route of /api/v1. */
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** "GET /api/v1/releases/:id" for every route Fastify serves, read from its route tree. */
function servedRoutes(app: FastifyInstance): string[] {
  const parents: string[] = [];
  const routes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    parents.length = depth;
    const path = parents.join('') + match[2]!;
    parents.push(match[2]!);
    for (const method of match[3]?.split(', ') ?? []) if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes;
}

function documentedRoutes(doc: OpenAPIV3_1.Document): string[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
}

describe('GET /api/docs', () => {
  let t: TestApp;
  let doc: OpenAPIV3_1.Document;
  beforeAll(async () => {
    t = await startTestApp({ database: 'sqlite', workers: false });
    const res = await t.api<OpenAPIV3_1.Document>('GET', '/api/docs');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(() => t.close());

  it('is only for signed-in callers', async () => {
    for (const headers of [{}, { authorization: 'Bearer pw_not_a_token' }]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/docs', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });

  it('is a valid OpenAPI 3.1 document with the bearer scheme', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components?.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
    expect(doc.security).toEqual([{ bearer: [] }]);
  });

  it('describes every route under /api/v1, and nothing else', () => {
    const served = servedRoutes(t.app);
    expect(served).toContain('GET /api/v1/releases/:id');
    expect(documentedRoutes(doc).sort()).toEqual(served.filter((r) => r.includes(' /api/v1/')).sort());
  });

  it('gives each operation an id, its inputs, its answers and the problem it fails with', () => {
    const operations = Object.values(doc.paths ?? {}).flatMap((item) => Object.values(item ?? {}) as OpenAPIV3_1.OperationObject[]);
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
    for (const o of operations) {
      expect(Object.keys(o.responses ?? {}), o.operationId).toContain('default');
      expect(Object.keys(o.responses ?? {}).some((status) => status.startsWith('2')), o.operationId).toBe(true);
    }
    const send = doc.paths!['/api/v1/distributions']!.post!;
    expect(send.requestBody).toMatchObject({ content: { 'application/json': { schema: { properties: { releaseId: { type: 'string' } } } } } });
    const deliveries = doc.paths!['/api/v1/distributions/{id}/deliveries']!.get!;
    expect(deliveries.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'path', name: 'id', required: true }), expect.objectContaining({ in: 'query', name: 'limit' })]),
    );
    expect(doc.paths!['/api/v1/org']!.get!.responses!.default).toMatchObject({ content: { 'application/problem+json': { schema: { properties: { issues: { type: 'array' } } } } } });
  });

  it('takes the CSV import as a raw text/csv body', () => {
    const body = doc.paths!['/api/v1/lists/{name}/import']!.post!.requestBody as OpenAPIV3_1.RequestBodyObject;
    expect(Object.keys(body.content)).toEqual(['text/csv', 'text/plain', 'application/csv']);
    expect(body.content['text/csv']!.schema).toMatchObject({ type: 'string' });
  });
});
