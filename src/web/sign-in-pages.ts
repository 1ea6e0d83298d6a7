/**
 * The sign-in pages: plain forms, every value escaped, no scripts (the layout's CSP allows
 * none). A form sent back with problems starts with a summary linking to each field, and
 * says it again at the field.
 */
import type { Issue } from '../errors.js';
import { escapeHtml as e } from '../rendering/escape.js';

export interface PageContent {
  title: string;
  body: string;
  status?: number;
}

interface Field {
  id: string;
  name: string;
  label: string;
  type: 'email' | 'password';
  autocomplete: string;
  value?: string;
}

const csrfInput = (token: string) => `<input type="hidden" name="_csrf" value="${e(token)}">`;

function problemSummary(issues: Issue[]): string {
  if (issues.length === 0) return '';
  const items = issues.map((i) => `<li>${i.field ? `<a href="#${e(i.field)}">${e(i.message)}</a>` : e(i.message)}</li>`).join('');
  return `<div class="problem" role="alert"><h2>There is a problem</h2><ul>${items}</ul></div>`;
}

function input(field: Field, issues: Issue[]): string {
  const problems = issues.filter((i) => i.field === field.id).map((i) => `<p class="field-error">${e(i.message)}</p>`).join('');
  const value = field.value === undefined ? '' : ` value="${e(field.value)}"`;
  return `<label for="${e(field.id)}">${e(field.label)}</label>${problems}<input id="${e(field.id)}" name="${e(field.name)}" type="${field.type}" autocomplete="${e(field.autocomplete)}" required${value}>`;
}

function form(action: string, csrf: string, fields: string, button: string): string {
  return `<form method="post" action="${e(action)}">${csrfInput(csrf)}${fields}<p><button type="submit">${e(button)}</button></p></form>`;
}

export function signInPage(v: { csrf: string; email?: string; next?: string; issues?: Issue[] }): PageContent {
  const issues = v.issues ?? [];
  const password = form(
    '/sign-in',
    v.csrf,
    (v.next ? `<input type="hidden" name="next" value="${e(v.next)}">` : '') +
      input({ id: 'email', name: 'email', label: 'Email', type: 'email', autocomplete: 'username', value: v.email }, issues) +
      input({ id: 'password', name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' }, issues),
    'Sign in',
  );
  const link = form('/sign-in/link', v.csrf, input({ id: 'link-email', name: 'email', label: 'Email', type: 'email', autocomplete: 'username' }, issues), 'Email me a link');
  return {
    title: 'Sign in to Presswire',
    status: issues.length ? 400 : 200,
    body: `<h1>Sign in to Presswire</h1>${problemSummary(issues)}${password}<h2>Or sign in with a link</h2><p class="muted">We email you a link that signs you in once.</p>${link}`,
  };
}

export const linkSentPage = (ttlMinutes: number): PageContent => ({
  title: 'Check your email',
  body: `<h1>Check your email</h1><p>If that address has an account, we have sent it a sign-in link. It works once, within ${ttlMinutes} minutes.</p><p><a href="/sign-in">Back to sign-in</a></p>`,
});

export function linkLandingPage(v: { csrf: string; token: string; open: boolean }): PageContent {
  if (!v.open) return messagePage('This link no longer works', 'It has expired or was used already. Ask for a new one on the sign-in page.', 410);
  // A button, not an automatic sign-in: mail scanners open links, and must not use them up.
  return { title: 'Sign in to Presswire', body: `<h1>Sign in to Presswire</h1>${form(`/sign-in/link/${v.token}`, v.csrf, '', 'Sign in')}` };
}

export function setupPage(v: { csrf: string; token: string; open: boolean; email?: string; issues?: Issue[] }): PageContent {
  if (!v.open) return messagePage('This link no longer works', 'It has expired or was used already, or this installation has an administrator. Sign in instead.', 410);
  const issues = v.issues ?? [];
  const fields =
    input({ id: 'email', name: 'email', label: 'Your email', type: 'email', autocomplete: 'username', value: v.email }, issues) +
    input({ id: 'password', name: 'password', label: 'Choose a password (at least 12 characters)', type: 'password', autocomplete: 'new-password' }, issues) +
    input({ id: 'confirm', name: 'confirm', label: 'The password again', type: 'password', autocomplete: 'new-password' }, issues);
  return {
    title: 'Create the first administrator',
    status: issues.length ? 400 : 200,
    body: `<h1>Create the first administrator</h1><p>You become the administrator of this Presswire installation and of its first organisation.</p>${problemSummary(issues)}${form(`/setup/${v.token}`, v.csrf, fields, 'Create and sign in')}`,
  };
}

export function accountPage(v: { csrf: string; email: string; orgName: string; role: string; hasPassword: boolean; notice?: string; issues?: Issue[] }): PageContent {
  const issues = v.issues ?? [];
  const password = form(
    '/account/password',
    v.csrf,
    input({ id: 'password', name: 'password', label: v.hasPassword ? 'New password (at least 12 characters)' : 'Choose a password (at least 12 characters)', type: 'password', autocomplete: 'new-password' }, issues) +
      input({ id: 'confirm', name: 'confirm', label: 'The password again', type: 'password', autocomplete: 'new-password' }, issues),
    v.hasPassword ? 'Change password' : 'Set password',
  );
  return {
    title: 'Your account',
    status: issues.length ? 400 : 200,
    body: `<h1>Signed in</h1>${problemSummary(issues)}${v.notice ? `<p role="status">${e(v.notice)}</p>` : ''}<p>${e(v.email)} — ${e(v.role)} of ${e(v.orgName)}</p><p><a href="/releases">Go to your releases</a></p>${password}${form('/sign-out', v.csrf, '', 'Sign out')}`,
  };
}

export function messagePage(title: string, message: string, status: number): PageContent {
  return { title, status, body: `<h1>${e(title)}</h1><p>${e(message)}</p><p><a href="/sign-in">Sign in</a></p>` };
}
