/**
 * The flow a new user follows, for real: `presswire start` as a process with zero
 * configuration (embedded SQLite, development outbox), the CLI for every step, and a
 * browser on the outbox and unsubscribe pages.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.js';
import { fixturePath, repoRoot } from '../helpers/fixtures.js';
import { onePixelPng } from '../helpers/images.js';
import { freePort, runCli, startServer, type ServerProcess } from '../helpers/processes.js';
import { deletePrefix, uniquePrefix } from '../helpers/redis.js';

describe('presswire start and the CLI, as a new user runs them', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'presswire-e2e-'));
  const prefix = uniquePrefix();
  let server: ServerProcess;
  let env: Record<string, string>;
  let browser: BrowserContext;
  let url: string;
  let releaseId: string;
  let distributionId: string;

  const cli = (...args: string[]) => runCli(args, env, cwd);
  const json = async <T>(...args: string[]): Promise<T> => {
    const result = await cli(...args, '--json');
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as T;
  };
  const outbox = () => readdirSync(join(cwd, 'data/outbox')).filter((f) => f.endsWith('.eml'));

  beforeAll(async () => {
    const [port, outboxPort] = [await freePort(), await freePort()];
    url = `http://127.0.0.1:${port}`;
    // No configuration but ports and an isolated Redis prefix: everything else is the embedded default.
    env = { PORT: String(port), OUTBOX_PORT: String(outboxPort), REDIS_PREFIX: prefix, PRESSWIRE_URL: url, LOG_LEVEL: 'warn' };
    server = await startServer(['start'], env, cwd);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
    await deletePrefix(prefix);
    rmSync(cwd, { recursive: true, force: true });
  });

  it('prints where everything is', () => {
    expect(server.output()).toContain(url);
    expect(server.output()).toContain(join(cwd, 'data'));
    expect(server.output()).toContain(join(cwd, 'data/admin-token'));
    expect(server.output()).toContain('development outbox');
  });

  it('imports the release and the list, refuses a draft, then sends and waits', async () => {
    releaseId = (await json<{ id: string }>('releases', 'import', fixturePath('releases/immdef-remain-in-mexico-2021-12-02.txt'))).id;
    expect(releaseId).toMatch(/^rel_/);

    const list = await json<{ imported: number; rejected: unknown[] }>('contacts', 'import', fixturePath('contacts/media-list-cision-style.csv'), '--list', 'reporters');
    expect(list.imported).toBe(15);

    const draft = await cli('send', releaseId, '--list', 'reporters');
    expect(draft.code).toBe(5);
    expect(draft.stderr).toMatch(/draft/);

    await json('releases', 'finalize', releaseId);
    const preview = await json<{ htmlBytes: number }>('releases', 'preview', releaseId, '--out', join(cwd, 'preview'));
    expect(readFileSync(join(cwd, 'preview/email.html'), 'utf8')).toContain('Immigrant Defenders Urges Biden');
    expect(preview.htmlBytes).toBeLessThan(102_000);

    const report = await json<{ id: string; status: string; counts: Record<string, number> }>('send', releaseId, '--list', 'reporters', '--key', 'cron-2021-12-02', '--wait');
    distributionId = report.id;
    expect(report).toMatchObject({ status: 'completed', counts: { accepted: 15 } });
    expect(outbox()).toHaveLength(15);

    const again = await json<{ id: string; counts: Record<string, number> }>('send', releaseId, '--list', 'reporters', '--key', 'cron-2021-12-02', '--wait');
    expect(again.id).toBe(distributionId);
    expect(outbox()).toHaveLength(15);
  });

  it('reports per recipient', async () => {
    const status = await json<{ deliveries: { address: string; status: string; attempts: number }[] }>('status', distributionId, '--recipients');
    expect(status.deliveries).toHaveLength(15);
    expect(status.deliveries.every((d) => d.status === 'accepted' && d.attempts === 1)).toBe(true);
    const human = await cli('status', distributionId, '--recipients');
    expect(human.stdout).toContain('ana.morales@ledger.example.com');
  });

  it('creates the first administrator in a browser from the link start printed', async () => {
    const link = /Create the first administrator: (\S+)/.exec(server.output())![1]!;
    const page = await browser.newPage();
    await page.goto(link);
    await page.fill('#email', 'ada@harbor.example.org');
    await page.fill('#password', 'correct horse battery staple');
    await page.fill('#confirm', 'correct horse battery staple');
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${url}/account`);
    expect(await page.locator('main').textContent()).toContain('ada@harbor.example.org — admin of Default organisation');
    await page.locator('a', { hasText: 'Go to your releases' }).click();
    await page.waitForURL(`${url}/releases`);
    await page.close();
  });

  it('shows the outbox in a browser (signed in): the list, a message, its HTML and text', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/outbox`);
    expect(await page.locator('table tr').count()).toBe(16);
    await page.locator('text=Immigrant Defenders Urges Biden').first().click();
    await page.waitForSelector('iframe');
    const frame = page.frameLocator('iframe');
    await expect(frame.locator('text=MPP is a proven human rights failure').first().textContent()).resolves.toContain('MPP is a proven');
    expect(await page.locator('pre').textContent()).toContain('Unsubscribe: ');
    await page.close();
  });

  it('unsubscribes from the link in a message, in the browser, and the next send skips that journalist', async () => {
    const file = outbox().find((f) => readFileSync(join(cwd, 'data/outbox', f), 'utf8').includes('ana.morales@ledger.example.com'))!;
    const mail = await simpleParser(readFileSync(join(cwd, 'data/outbox', file)));
    const link = /<(http[^>]+)>/.exec(mail.headerLines.find((h) => h.key === 'list-unsubscribe')!.line)![1]!;

    const page = await browser.newPage();
    await page.goto(link);
    expect(await page.locator('main').textContent()).toContain('ana.morales@ledger.example.com');
    await page.locator('button[type=submit]').click();
    await page.waitForLoadState();
    expect(await page.locator('main').textContent()).toMatch(/Done/);
    await page.close();

    const next = await json<{ counts: Record<string, number> }>('send', releaseId, '--list', 'reporters', '--key', 'second-run', '--wait');
    expect(next.counts.accepted).toBe(14);
    expect(outbox()).toHaveLength(29);
  });

  it('sets a release image from a file, with its alt text, until the release is finalized', async () => {
    const draft = (await json<{ id: string }>('releases', 'import', join(repoRoot, 'examples/release.md'))).id;
    const file = join(cwd, 'clinic.png');
    writeFileSync(file, onePixelPng);
    const noAlt = await cli('releases', 'image', draft, file);
    expect(noAlt.code).toBe(3);
    expect(noAlt.stderr).toMatch(/alt.*describe the image/);
    const set = await json<{ image: { mimeType: string; alt: string } }>('releases', 'image', draft, file, '--alt', 'Attorneys outside the immigration court');
    expect(set.image).toMatchObject({ mimeType: 'image/png', alt: 'Attorneys outside the immigration court' });
    expect((await cli('releases', 'show', draft)).stdout).toContain('image: image/png');
    await json('releases', 'finalize', draft);
    const late = await cli('releases', 'image', draft, '--remove');
    expect(late.code).toBe(5);
    expect(late.stderr).toMatch(/finalized/);
  });

  it('runs the same flow with a token made by tokens create, refuses a viewer’s send, and forgets a revoked token', async () => {
    const made = await json<{ id: string; token: string; role: string }>('tokens', 'create', '--name', 'newsroom cron', '--role', 'sender');
    expect(made).toMatchObject({ id: expect.stringMatching(/^tok_/), token: expect.stringMatching(/^pw_/), role: 'sender' });
    const as = (token: string, ...args: string[]) => runCli([...args, '--json'], { ...env, PRESSWIRE_TOKEN: token }, cwd);
    const imported = await as(made.token, 'releases', 'import', join(repoRoot, 'examples/release.md'));
    expect(imported.code, imported.stderr).toBe(0);
    const id = (JSON.parse(imported.stdout) as { id: string }).id;
    expect((await as(made.token, 'contacts', 'import', fixturePath('contacts/media-list-cision-style.csv'), '--list', 'cron-desk')).code).toBe(0);
    expect((await as(made.token, 'releases', 'finalize', id)).code).toBe(0);
    const sent = await as(made.token, 'send', id, '--list', 'cron-desk', '--key', 'token-flow', '--wait');
    expect(sent.code, sent.stderr).toBe(0);
    expect((JSON.parse(sent.stdout) as { status: string }).status).toBe('completed');

    const viewer = await json<{ token: string }>('tokens', 'create', '--name', 'intern', '--role', 'viewer');
    const refused = await as(viewer.token, 'send', id, '--list', 'cron-desk', '--key', 'intern-try');
    expect(refused.code).toBe(10);
    expect(refused.stderr).toMatch(/viewer/);
    expect((await as(viewer.token, 'status', (JSON.parse(sent.stdout) as { id: string }).id)).code).toBe(0);

    expect((await cli('tokens', 'revoke', made.id)).code).toBe(0);
    const after = await as(made.token, 'releases', 'list');
    expect(after.code).toBe(6);
    const audit = await json<{ action: string }[]>('audit');
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['token.create', 'release.import', 'release.finalize', 'list.import', 'distribution.send', 'token.revoke']));
  });

  it('exits non-zero with a clear error on bad input', async () => {
    const missing = await cli('releases', 'import', join(repoRoot, 'no-such-file.md'));
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('no such file');
    const unknown = await cli('status', 'dst_0000000000000000000000000');
    expect(unknown.code).toBe(4);
  });
});
