import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

interface Problem {
  status: number;
  code: string;
  issues?: { field?: string; message: string }[];
}

/** Every route that takes a body, read from Fastify's route tree so a new route is covered too. */
function writeRoutes(tree: string): { method: string; url: string }[] {
  const stack: string[] = [];
  const routes: { method: string; url: string }[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[└├]── (\S+)(?: \(([^)]+)\))?/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    for (const method of m[3]?.split(', ') ?? []) {
      if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) routes.push({ method, url: stack.join('') });
    }
  }
  return routes;
}

const concrete = (url: string): string =>
  url.replace(':id', 'rel_0123456789abcdefghijklmno').replace(':name', 'desk').replace(':ref', 'x:desk').replace(':code', 'CODE');

describe.each(testDatabaseKinds())('request bodies the API cannot use (%s)', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database, workers: false });
  });
  afterAll(async () => t?.close());

  it('finds the API routes that take a body', () => {
    const urls = writeRoutes(t.app.printRoutes({ commonPrefix: false })).map((r) => `${r.method} ${r.url}`);
    expect(urls).toEqual(expect.arrayContaining(['POST /api/v1/releases', 'PATCH /api/v1/releases/:id', 'POST /api/v1/distributions', 'POST /api/v1/accounts']));
  });

  it.each(['[]', '"x"', '42', 'null', 'true'])('answers 400 with a problem naming the body for %s, on every JSON route', async (payload) => {
    const routes = writeRoutes(t.app.printRoutes({ commonPrefix: false })).filter((r) => r.url.startsWith('/api/v1/'));
    for (const route of routes) {
      const res = await t.app.inject({
        method: route.method as 'POST',
        url: concrete(route.url),
        headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
        payload,
      });
      const problem = res.json<Problem>();
      expect({ route, status: res.statusCode, type: res.headers['content-type'] }).toEqual({ route, status: 400, type: 'application/problem+json; charset=utf-8' });
      expect(problem.code).toBe('VALIDATION');
      expect(problem.issues).toEqual([{ field: 'body', message: expect.stringMatching(/^must be a JSON object/) }]);
    }
  });

  it('refuses front matter whose aliases expand without end (a billion laughs)', async () => {
    const levels = ['lol: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 10; i++) levels.push(`l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
    const source = `---\nheadline: Laughs\n${levels.join('\n')}\n---\nThe body.\n`;
    const res = await t.api<Problem>('POST', '/api/v1/releases', { json: { source, filename: 'laughs.md' } });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([expect.objectContaining({ field: 'front matter', message: expect.stringMatching(/alias/i) })]);
  });

  it('refuses a plain-text body on a JSON route without a server error', async () => {
    const res = await t.api<Problem>('POST', '/api/v1/releases', { body: 'x', contentType: 'text/plain' });
    expect(res.status).toBe(415);
  });
});
