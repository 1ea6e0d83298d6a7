import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReleaseContent } from '../../src/releases/release.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { readFixture, repoRoot } from '../helpers/fixtures.js';
import { onePixelPng } from '../helpers/images.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

interface ReleaseBody {
  id: string;
  status: string;
  contentHash?: string;
  content: { headline: string; kind: string; quotes: unknown[] };
  embargo?: { until: string; zone: string };
}
interface Problem {
  code: string;
  detail: string;
  issues?: { field?: string; message: string }[];
}

describe.each(testDatabaseKinds())('releases through the API (%s)', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database, workers: false });
  });
  afterAll(async () => t?.close());

  it('imports the authoring format with its embargo', async () => {
    const res = await t.api<{ id: string; release: ReleaseBody }>('POST', '/api/v1/releases', { json: { source: readFileSync(join(repoRoot, 'examples/release-embargoed.md'), 'utf8'), filename: 'release-embargoed.md' } });
    expect(res.status).toBe(201);
    expect(res.body.release).toMatchObject({ status: 'draft', embargo: { zone: 'America/New_York' } });
    expect(res.body.release.content.quotes).toHaveLength(2);
  });

  it('edits a draft, freezes it at finalization, and refuses edits after', async () => {
    const { body } = await t.api<{ id: string }>('POST', '/api/v1/releases', { json: { source: readFixture('releases/harbor-legal-aid-detention-report-embargoed.txt') } });
    const edited = await t.api<ReleaseBody>('PATCH', `/api/v1/releases/${body.id}`, { json: { content: { headline: 'A corrected headline' } } });
    expect(edited.status).toBe(200);
    expect(edited.body.content.headline).toBe('A corrected headline');

    const finalized = await t.api<ReleaseBody>('POST', `/api/v1/releases/${body.id}/finalize`);
    expect(finalized.body.status).toBe('finalized');
    const hash = finalized.body.contentHash;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);

    const refused = await t.api<Problem>('PATCH', `/api/v1/releases/${body.id}`, { json: { content: { headline: 'Sneaky change' } } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('INVALID_STATE');
    expect(refused.body.detail).toMatch(/finalized .* can no longer be edited/);

    const again = await t.api<ReleaseBody>('POST', `/api/v1/releases/${body.id}/finalize`);
    expect(again.body.contentHash).toBe(hash);
    expect((await t.api<ReleaseBody>('GET', `/api/v1/releases/${body.id}`)).body.content.headline).toBe('A corrected headline');
  });

  it('keeps the notes to editors of a pasted release, and freezes them into the hash', async () => {
    const imported = await t.api<{ id: string }>('POST', '/api/v1/releases', { json: { source: readFixture('releases/northfield-housing-trust-temporary-accommodation-uk.txt') } });
    expect(imported.status).toBe(201);
    const { notesToEditors, ...withoutNotes } = (await t.api<{ content: ReleaseContent }>('GET', `/api/v1/releases/${imported.body.id}`)).body.content;
    expect(notesToEditors).toHaveLength(3);
    const twin = await t.api<{ id: string }>('POST', '/api/v1/releases', { json: { content: withoutNotes } });
    expect(twin.status).toBe(201);
    const hashOf = async (id: string) => (await t.api<ReleaseBody>('POST', `/api/v1/releases/${id}/finalize`)).body.contentHash;
    const [withNotes, without] = [await hashOf(imported.body.id), await hashOf(twin.body.id)];
    expect(withNotes).toMatch(/^[0-9a-f]{64}$/);
    expect(without).toMatch(/^[0-9a-f]{64}$/);
    expect(withNotes).not.toBe(without);
  });

  it('keeps an image with its alt text on a draft, freezes it into the hash, and refuses changes after', async () => {
    const json = { content: { headline: 'Clinic opens on Harbor Street', body: 'The clinic opens today.' } };
    const plain = await t.api<{ id: string }>('POST', '/api/v1/releases', { json });
    const pictured = await t.api<{ id: string }>('POST', '/api/v1/releases', { json });
    const image = `/api/v1/releases/${pictured.body.id}/image`;

    const notImage = await t.api<Problem>('PUT', image, { json: { data: Buffer.from('GIF but not really').toString('base64'), alt: 'A clinic' } });
    expect(notImage.status).toBe(400);
    expect(notImage.body.issues).toEqual([{ field: 'data', message: 'is not a PNG, JPEG, GIF or WebP image' }]);
    const noAlt = await t.api<Problem>('PUT', image, { json: { data: onePixelPng.toString('base64'), alt: ' ' } });
    expect(noAlt.status).toBe(400);
    expect(noAlt.body.issues![0]).toMatchObject({ field: 'body.alt', message: expect.stringMatching(/describe the image/) });

    const set = await t.api<{ mimeType: string; bytes: number; alt: string; sha256: string }>('PUT', image, { json: { data: onePixelPng.toString('base64'), alt: 'The new clinic on Harbor Street' } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ mimeType: 'image/png', bytes: onePixelPng.length, alt: 'The new clinic on Harbor Street', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await t.api<{ image: unknown }>('GET', `/api/v1/releases/${pictured.body.id}`)).body.image).toEqual(set.body);

    const es = await t.api<{ id: string }>('POST', '/api/v1/releases', { json: { source: readFixture('releases/harbor-legal-aid-detention-report-embargoed.es.txt'), translationOf: pictured.body.id } });
    const onTranslation = await t.api<Problem>('PUT', `/api/v1/releases/${es.body.id}/image`, { json: { data: onePixelPng.toString('base64'), alt: 'La clínica' } });
    expect(onTranslation.status).toBe(409);
    expect(onTranslation.body.detail).toMatch(/is a translation/);

    const [a, b] = [await t.api<ReleaseBody>('POST', `/api/v1/releases/${plain.body.id}/finalize`), await t.api<ReleaseBody>('POST', `/api/v1/releases/${pictured.body.id}/finalize`)];
    expect(b.body.contentHash).not.toBe(a.body.contentHash);
    const late = await t.api<Problem>('DELETE', image);
    expect(late.status).toBe(409);
    expect(late.body.detail).toMatch(/finalized .* can no longer be edited/);
    expect((await t.api<{ image: unknown }>('GET', `/api/v1/releases/${pictured.body.id}`)).body.image).toEqual(set.body);
  });

  it('previews the email with its size', async () => {
    const { body } = await t.api<{ id: string }>('POST', '/api/v1/releases', { json: { source: readFileSync(join(repoRoot, 'examples/release-embargoed.md'), 'utf8') } });
    const preview = await t.api<{ subject: string; html: string; text: string; htmlBytes: number }>('GET', `/api/v1/releases/${body.id}/preview?variant=embargoed`);
    expect(preview.status).toBe(200);
    expect(preview.body.subject).toMatch(/^EMBARGOED UNTIL /);
    expect(preview.body.text).toContain('Sample Recipient');
    expect(preview.body.htmlBytes).toBe(Buffer.byteLength(preview.body.html));
  });

  it('treats an embargo that already passed as lifted, and says so', async () => {
    const res = await t.api<{ release: ReleaseBody; warnings: string[] }>('POST', '/api/v1/releases', { json: { source: readFixture('releases/harbor-legal-aid-detention-report-embargoed.txt') } });
    expect(res.body.release.embargo).toBeUndefined();
    expect(res.body.warnings.join(' ')).toMatch(/embargo/i);
    const preview = await t.api<Problem>('GET', `/api/v1/releases/${res.body.release.id}/preview?variant=embargoed`);
    expect(preview.status).toBe(409);
  });

  it('answers bad input with a problem document naming the field', async () => {
    const empty = await t.api<Problem>('POST', '/api/v1/releases', { json: { source: '' } });
    expect(empty.status).toBe(400);
    expect(empty.body.issues?.[0]).toMatchObject({ field: 'body.source' });

    const invalid = await t.api<Problem>('POST', '/api/v1/releases', { json: { content: { headline: '', body: 'x' } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.issues?.map((i) => i.field)).toContain('content.headline');

    const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/releases', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' }, payload: '{"source":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');

    const missing = await t.api<Problem>('GET', '/api/v1/releases/rel_0000000000000000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
  });

  it('requires a token', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/releases' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    const wrong = await t.app.inject({ method: 'GET', url: '/api/v1/releases', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
  });
});
