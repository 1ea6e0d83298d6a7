/**
 * Placeholder values for the HTML part. Everything from the release is escaped or sanitized
 * here, before it meets the compiled template; the template never sees raw user text.
 */
import type { ReleaseContent } from '../releases/release.js';
import { emailStyles, type EmailStyles } from './email-styles.js';
import { escapeHtml, isSafeHref, looksLikeEmail } from './escape.js';
import { renderSafeHtml } from './markdown.js';
import { attribution, contactDetails, quoted, sharedText, type ReleaseParts, type ValidOptions } from './release-parts.js';
import type { Theme } from './theme.js';

export function htmlValues(content: ReleaseContent, parts: ReleaseParts, options: ValidOptions, theme: Theme): Record<string, string> {
  const styles = emailStyles(theme);
  const escaped = Object.fromEntries(Object.entries(sharedText(content, parts, options)).map(([k, v]) => [k, escapeHtml(v)]));
  return {
    ...escaped,
    lang: escapeHtml(content.language),
    title: escapeHtml(content.headline),
    preheader: escapeHtml(parts.preheader),
    body: renderSafeHtml(parts.body, styles.tags),
    pullQuotes: parts.pullQuotes
      .map((q) => `<blockquote style="${styles.tags.blockquote}"><p style="margin:0;">${escapeHtml(quoted(q.text, parts.strings))}</p><p style="${styles.attribution}">${escapeHtml(attribution(q))}</p></blockquote>`)
      .join(''),
    contacts: content.contacts.map((c) => contactHtml(c, styles)).join(''),
    boilerplate: parts.boilerplate ? renderSafeHtml(parts.boilerplate, styles.tags) : '',
    links: linksHtml(content.links, styles),
    postalAddress: escapeHtml(options.organization.postalAddress).replace(/\r?\n/g, '<br />'),
    websiteUrl: escapeHtml(options.organization.websiteUrl ?? ''),
    webVersionUrl: escapeHtml(options.webVersionUrl ?? ''),
    logoUrl: escapeHtml(theme.logoUrl ?? ''),
  };
}

function contactHtml(contact: ReleaseContent['contacts'][number], styles: EmailStyles): string {
  const { name, role, email, phone } = contactDetails(contact);
  const emailLine =
    email && looksLikeEmail(email)
      ? `<a href="mailto:${escapeHtml(email)}" style="${styles.tags.a}">${escapeHtml(email)}</a>`
      : email && escapeHtml(email);
  const lines = [`<strong>${escapeHtml(name)}</strong>`, role && escapeHtml(role), emailLine, phone && escapeHtml(phone)];
  return `<p style="${styles.contact}">${lines.filter(Boolean).join('<br />')}</p>`;
}

function linksHtml(links: ReleaseContent['links'], styles: EmailStyles): string {
  const items = links.map(({ label, url }) => {
    const text = escapeHtml(label);
    const link = isSafeHref(url) ? `<a href="${escapeHtml(url)}" rel="noopener" style="${styles.tags.a}">${text}</a>` : text;
    return `<li style="${styles.tags.li}">${link}</li>`;
  });
  return items.length ? `<ul style="${styles.linkList}">${items.join('')}</ul>` : '';
}
