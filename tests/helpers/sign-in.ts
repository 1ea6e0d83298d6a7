/** Signing people in for tests, through the pages as a browser would. */
import { firstAdminLink } from '../../src/people/first-admin.js';
import { FormClient } from './forms.js';
import type { TestApp } from './test-app.js';

export const adminEmail = 'ada@harbor.example.org';
export const adminPassword = 'correct horse battery staple';

/** The path of a link the server printed or mailed (its host is PUBLIC_URL's). */
export const pathOf = (url: string): string => new URL(url).pathname;

function expectRedirect(res: { statusCode: number; headers: Record<string, unknown>; body: string }, to: string): void {
  if (res.statusCode !== 303 || res.headers.location !== to) throw new Error(`expected a 303 to ${to}, got ${res.statusCode}:\n${res.body.slice(0, 800)}`);
}

/** Create the first administrator from a first-run link; returns their signed-in browser. */
export async function firstAdmin(t: TestApp, ip?: string): Promise<FormClient> {
  const link = await firstAdminLink({ db: t.ctx.db, publicUrl: t.ctx.config.publicUrl });
  if (!link) throw new Error('an administrator exists already');
  const browser = new FormClient(t.app, ip);
  const path = pathOf(link.url);
  expectRedirect(await browser.submit(path, path, { email: adminEmail, password: adminPassword, confirm: adminPassword }), '/account');
  return browser;
}

/** Open a sign-in link and press its button; returns the signed-in browser. */
export async function signInByLink(t: TestApp, url: string, ip?: string): Promise<FormClient> {
  const browser = new FormClient(t.app, ip);
  expectRedirect(await browser.submit(pathOf(url), pathOf(url), {}), '/account');
  return browser;
}

/** Add a member through the API as the admin token; returns their sign-in link. */
export async function addMember(t: TestApp, email: string, role: string): Promise<string> {
  const res = await t.api<{ signInUrl: string }>('POST', '/api/v1/users', { json: { email, role } });
  if (res.status !== 201) throw new Error(`users add answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.signInUrl;
}
