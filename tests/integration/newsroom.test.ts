/**
 * The newsroom: an organisation's released releases as an index, RSS, Atom, JSON Feed and a
 * sitemap — each parsed back as a reader would — and its release pages' card tags. An
 * embargoed release is on none of them until its lift (by the database clock), then on all;
 * answers are cached no longer than until the next lift. Spanish releases speak Spanish; two
 * organisations' newsrooms, by slug or on a host of their own, never mix.
 */
import { extractFromJson, extractFromXml, type FeedData } from '@extractus/feed-extractor';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { DeskBrowser } from '../helpers/desk-browser.js';
import { onePixelPng } from '../helpers/images.js';
import { createOrg, createToken } from '../helpers/people.js';
import { freePort } from '../helpers/processes.js';
import { startTestApp, type ApiClient, type TestApp } from '../helpers/test-app.js';

const inHour = () => new Date(Date.now() + 3_600_000).toISOString();

async function finalizedRelease(client: ApiClient, content: Record<string, unknown>, embargo?: { until: string; zone: string }): Promise<string> {
  const created = await client.api<{ id: string }>('POST', '/api/v1/releases', { json: { content, ...(embargo ? { embargo } : {}) } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await client.api('POST', `/api/v1/releases/${created.body.id}/finalize`)).status).toBe(200);
  return created.body.id;
}

const sitemapUrls = (xml: string): string[] => {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parsed = new XMLParser({ isArray: (name) => name === 'url' }).parse(xml) as { urlset: { url: { loc: string }[] } };
  return parsed.urlset.url.map((u) => u.loc);
};

describe.each(testDatabaseKinds())('newsroom (%s)', (database) => {
  let t: TestApp;
  let coalition: ApiClient;
  let english: string;
  let spanish: string;

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  /** Every newsroom surface under `base`, read as its readers read it. */
  async function surfaces(base: string, headers: Record<string, string> = {}) {
    const [index, rss, atom, json, sitemap] = await Promise.all(['/', '/rss.xml', '/atom.xml', '/feed.json', '/sitemap.xml'].map((p) => get(`${base}${p}`, headers)));
    for (const r of [index, rss, atom, json, sitemap]) expect(r!.statusCode).toBe(200);
    const options = { descriptionMaxLen: 0 };
    return {
      index: index!,
      rss: extractFromXml(rss!.body, options),
      atom: extractFromXml(atom!.body, options),
      json: extractFromJson(json!.body, options),
      sitemap: sitemapUrls(sitemap!.body),
      responses: { index: index!, rss: rss!, atom: atom!, json: json!, sitemap: sitemap! },
    };
  }
  const links = (feed: FeedData) => (feed.entries ?? []).map((e) => e.link);
  const page = (id: string) => `https://press.example.org/r/${id}`;

  beforeAll(async () => {
    t = await startTestApp({ database, workers: false });
    english = await finalizedRelease(t, {
      kind: 'press_release',
      headline: 'Harbor Legal Aid report on detention & counsel',
      subheadline: 'Most detained asylum seekers met no lawyer for three months',
      dateline: 'SAN DIEGO',
      body: 'Asylum seekers held in detention waited a median of 97 days before meeting a lawyer.',
      contacts: [{ name: 'Dana Whitfield', email: 'press@harborlegalaid.example.org' }],
    });
    spanish = await finalizedRelease(t, {
      kind: 'press_release',
      language: 'es',
      headline: 'Informe sobre la detención y la asistencia letrada',
      dateline: 'SAN DIEGO',
      body: 'Los solicitantes de asilo detenidos esperaron una mediana de 97 días antes de ver a un abogado.',
      contacts: [{ name: 'Dana Whitfield', email: 'press@harborlegalaid.example.org' }],
    });
    await createOrg(t, 'Coalición por Audiencias Justas');
    coalition = t.as((await createToken(t, { role: 'admin', org: 'Coalición por Audiencias Justas' })).token);
  });
  afterAll(async () => t?.close());

  it('lists released releases newest first in the index, RSS, Atom, JSON Feed and sitemap', async () => {
    const s = await surfaces('/newsroom');
    expect(s.rss.entries?.map((e) => e.title)).toEqual(['Informe sobre la detención y la asistencia letrada', 'Harbor Legal Aid report on detention & counsel']);
    for (const feed of [s.rss, s.atom, s.json]) {
      expect(links(feed)).toEqual([page(spanish), page(english)]);
      expect(feed.title).toBe('Harbor Legal Aid — Newsroom');
    }
    expect(s.atom.entries?.[1]?.title).toBe('Harbor Legal Aid report on detention & counsel');
    const items = (JSON.parse(s.responses.json.body) as { items: { summary: string; content_html: string }[] }).items;
    expect(items[1]!.summary).toBe('Most detained asylum seekers met no lawyer for three months');
    expect(items[1]!.content_html).toContain('Dana Whitfield');
    expect(s.sitemap).toEqual(['https://press.example.org/newsroom/', page(spanish), page(english)]);
    expect(s.responses.rss.headers['content-type']).toContain('application/rss+xml');
    expect(s.responses.atom.headers['content-type']).toContain('application/atom+xml');
    expect(s.responses.json.headers['content-type']).toContain('application/feed+json');

    // The index links each release and the three feeds for feed readers.
    const html = s.index.body;
    expect(html.indexOf(`href="${page(spanish)}"`)).toBeLessThan(html.indexOf(`href="${page(english)}"`));
    for (const [type, file] of [['application/rss+xml', 'rss.xml'], ['application/atom+xml', 'atom.xml'], ['application/feed+json', 'feed.json']]) {
      expect(html).toMatch(new RegExp(`<link rel="alternate" type="${type.replace('+', '\\+')}" href="/newsroom/${file.replace('.', '\\.')}"`));
    }
    expect(html).toContain('detention &amp; counsel');
    // The first release was English: the index speaks English.
    expect(html).toContain('<html lang="en">');
    expect(s.index.headers['content-security-policy']).toContain("style-src 'self'");
    expect((await get('/newsroom/newsroom.css')).body).toContain('--accent: #1f4e8c');
  });

  it('gives a Spanish release a Spanish item and page, and each release page its card tags', async () => {
    const rss = (await get('/newsroom/rss.xml')).body;
    const item = rss.slice(rss.indexOf('<item>'), rss.indexOf('</item>'));
    expect(item).toContain('<dc:language>es</dc:language>');
    expect(item).toContain('<category>Comunicado de prensa</category>');
    expect(item).toContain('Contacto de prensa');

    const es = (await get(`/r/${spanish}`)).body;
    expect(es).toContain('<html lang="es">');
    expect(es).toContain('<meta property="og:type" content="article">');
    expect(es).toContain(`<meta property="og:url" content="${page(spanish)}">`);
    expect(es).toContain('<meta property="og:title" content="Informe sobre la detención y la asistencia letrada">');
    expect(es).toMatch(/<meta property="article:published_time" content="\d{4}-\d\d-\d\dT[\d:.]+Z">/);
    expect(es).toContain('<meta name="twitter:card" content="summary">');
    expect(es).not.toContain('og:image');
    const en = (await get(`/r/${english}`)).body;
    expect(en).toContain('<meta property="og:description" content="Most detained asylum seekers met no lawyer for three months">');
  });

  it('gives a release with an image a large card whose image is public with the page', async () => {
    const created = await t.api<{ id: string }>('POST', '/api/v1/releases', { json: { content: { headline: 'The new clinic opens', body: 'The clinic on Harbor Street opens on Monday.' } } });
    expect((await t.api('PUT', `/api/v1/releases/${created.body.id}/image`, { json: { data: onePixelPng.toString('base64'), alt: 'The clinic on Harbor Street' } })).status).toBe(200);
    await t.api('POST', `/api/v1/releases/${created.body.id}/finalize`);
    const html = (await get(`/r/${created.body.id}`)).body;
    expect(html).toContain(`<meta property="og:image" content="${page(created.body.id)}/image">`);
    expect(html).toContain('<meta property="og:image:alt" content="The clinic on Harbor Street">');
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image">');
    const image = await get(`/r/${created.body.id}/image`);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(Buffer.from(image.rawPayload).equals(onePixelPng)).toBe(true);
  });

  it('shows an embargoed release on no surface before the lift and on every one after it', async () => {
    const held = await finalizedRelease(t, { headline: 'Court backlog figures, under embargo', body: 'The backlog grew by a third in a year.' }, { until: inHour(), zone: 'America/Los_Angeles' });
    const before = await surfaces('/newsroom');
    for (const feed of [before.rss, before.atom, before.json]) expect(links(feed)).not.toContain(page(held));
    expect(before.sitemap).not.toContain(page(held));
    expect(before.index.body).not.toContain(held);
    expect(before.index.body).not.toContain('Court backlog');
    const hidden = await get(`/r/${held}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.headers['cache-control']).toBe('no-store');
    expect(hidden.body).not.toContain('og:');
    expect((await get(`/r/${held}/image`)).statusCode).toBe(404);
    // Cached a minute at most (the lift is an hour away).
    for (const r of Object.values(before.responses)) expect(r.headers['cache-control']).toBe('public, max-age=60');

    // The lift, by the database clock: the embargo instant moves into the past.
    await t.ctx.db.kysely.updateTable('releases').set({ embargo_until: Date.now() - 5_000 }).where('id', '=', held).execute();
    const after = await surfaces('/newsroom');
    for (const feed of [after.rss, after.atom, after.json]) expect(links(feed)[0]).toBe(page(held));
    expect(after.sitemap).toContain(page(held));
    expect(after.index.body).toContain(`href="${page(held)}"`);
    const shown = await get(`/r/${held}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('<meta property="og:title" content="Court backlog figures, under embargo">');
  });

  it('caches nothing past the next lift, answers 304 to its own validator, and stores no refusal', async () => {
    const soon = new Date(Date.now() + 20_000).toISOString();
    await finalizedRelease(t, { headline: 'Hearing schedule, lifting soon', body: 'Hearings resume in March.' }, { until: soon, zone: 'UTC' });
    const feed = await get('/newsroom/atom.xml');
    const age = Number(/^public, max-age=(\d+)$/.exec(String(feed.headers['cache-control']))?.[1]);
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThanOrEqual(20);
    const tag = String(feed.headers.etag);
    expect(tag).toMatch(/^"[\w-]+"$/);
    const again = await get('/newsroom/atom.xml', { 'if-none-match': tag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    for (const url of ['/newsroom/no-such-newsroom', '/newsroom/?page=9', '/newsroom/?page=zero']) {
      const refused = await get(url);
      expect(refused.statusCode, url).toBe(404);
      expect(refused.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('keeps two organisations apart, by slug and on a host of their own', async () => {
    const org = await coalition.api<{ slug: string }>('GET', '/api/v1/org');
    expect(org.body.slug).toBe('coalicion-por-audiencias-justas');
    const theirs = await finalizedRelease(coalition, { language: 'es', headline: 'La coalición pide audiencias justas', body: 'Pedimos audiencias con abogado para todos.' });
    const ours = await surfaces('/newsroom');
    const them = await surfaces('/newsroom/coalicion-por-audiencias-justas');
    expect(links(ours.rss)).not.toContain(page(theirs));
    expect(links(them.rss)).toEqual([page(theirs)]);
    expect(them.sitemap).toEqual(['https://press.example.org/newsroom/coalicion-por-audiencias-justas/', page(theirs)]);
    // Their first release is Spanish: their newsroom speaks Spanish.
    expect(them.index.body).toContain('<html lang="es">');
    expect(them.index.body).toContain('Sala de prensa');
    expect(them.rss.language).toBe('es');

    // A slug of their choosing; a bad one or one taken is refused, naming the setting.
    expect((await coalition.api('PUT', '/api/v1/org/settings/slug', { json: { value: 'fair-hearings' } })).status).toBe(200);
    expect((await get('/newsroom/fair-hearings/feed.json')).statusCode).toBe(200);
    expect((await get('/newsroom/coalicion-por-audiencias-justas')).statusCode).toBe(404);
    const bad = await coalition.api<{ issues: { field: string }[] }>('PUT', '/api/v1/org/settings/slug', { json: { value: 'Fair Hearings!' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0]!.field).toBe('slug');
    const firstSlug = (await t.api<{ slug: string }>('GET', '/api/v1/org')).body.slug;
    expect((await coalition.api('PUT', '/api/v1/org/settings/slug', { json: { value: firstSlug } })).status).toBe(409);

    // Their own host serves their newsroom at / and nothing else of this server.
    expect((await get('/', { host: 'news.fairhearings.example' })).statusCode).toBe(400);
    expect((await coalition.api('PUT', '/api/v1/org/settings/newsroom-host', { json: { value: 'News.FairHearings.example' } })).status).toBe(200);
    const host = { host: 'news.fairhearings.example' };
    const onHost = await surfaces('', host);
    expect(links(onHost.atom)).toEqual([page(theirs)]);
    expect(onHost.sitemap[0]).toBe('https://news.fairhearings.example/');
    expect(onHost.index.body).toContain('href="/newsroom.css"');
    for (const url of ['/api/v1/releases', '/releases', '/r/' + theirs, '/newsroom']) expect((await get(url, host)).statusCode, url).toBe(404);
    expect((await coalition.api('PUT', '/api/v1/org/settings/newsroom-host', { json: { value: 'not a host' } })).status).toBe(400);
  });
});

describe('the newsroom in a browser', () => {
  let t: TestApp;
  let browser: DeskBrowser;

  beforeAll(async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    t = await startTestApp({ database: 'sqlite', workers: false, env: { PUBLIC_URL: base } });
    await t.app.listen({ host: '127.0.0.1', port });
    for (const headline of ['Harbor Legal Aid opens a second clinic', 'Detention report: a median of 97 days without counsel']) {
      await finalizedRelease(t, { headline, subheadline: 'A summary a journalist reads first', body: 'The body of the release.' });
    }
    browser = await DeskBrowser.open(base, 'test-results/newsroom');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('passes axe at every width, loads nothing from elsewhere and breaks no CSP rule', async () => {
    await browser.goto('/newsroom');
    expect(await browser.page.title()).toBe('Harbor Legal Aid — Newsroom');
    expect(await browser.page.locator('.releases li').count()).toBe(2);
    // The themed stylesheet applied: the release cards carry the accent colour.
    expect(await browser.page.evaluate("getComputedStyle(document.querySelector('.releases li')).borderTopColor")).toBe('rgb(31, 78, 140)');
    await browser.check('newsroom');
    browser.expectClean();
  });
});
