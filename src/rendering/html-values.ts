/**
 * Placeholder values for the HTML part. Everything from the release is escaped or sanitized
 * here, before it meets the compiled template; the template never sees raw user text.
 */
import type { ReleaseContent } from '../releases/release.js';
import { emailStyles, styleAttr, type EmailStyles } from './email-styles.js';
import { escapeAll, escapeHtml, isSafeHref, looksLikeEmail } from './escape.js';
import { renderSafeHtml } from './markdown.js';
import { attribution, contactDetails, quoted, sharedText, type ReleaseParts } from './release-parts.js';
import type { Theme } from './theme.js';

export function htmlValues(content: ReleaseContent, parts: ReleaseParts, theme: Theme): Record<string, string> {
  const styles = emailStyles(theme);
  return {
    ...escapeAll(sharedText(content, parts)),
    lang: escapeHtml(content.language),
    title: escapeHtml(content.headline),
    preheader: escapeHtml(parts.preheader),
    body: renderSafeHtml(parts.body, styles.tags),
    pullQuotes: pullQuotesHtml(parts, styles),
    contacts: contactsHtml(content.contacts, styles),
    boilerplate: parts.boilerplate ? renderSafeHtml(parts.boilerplate, styles.tags) : '',
    notesToEditors: parts.notesToEditors ? renderSafeHtml(parts.notesToEditors, styles.tags) : '',
    links: linksHtml(content.links, styles),
  };
}

/** Each pull quote as a blockquote: the words, then who said them. */
export function pullQuotesHtml(parts: ReleaseParts, styles: EmailStyles): string {
  const paragraph = (css: string, text: string) => `<p${styleAttr(css)}>${escapeHtml(text)}</p>`;
  return parts.pullQuotes
    .map((q) => `<blockquote${styleAttr(styles.tags.blockquote)}>${paragraph(styles.quoteText, quoted(q.text, parts.strings))}${paragraph(styles.attribution, attribution(q))}</blockquote>`)
    .join('');
}

/** One paragraph per contact: name in bold, then role, a mailto link when it is an address, phone. */
export function contactsHtml(contacts: ReleaseContent['contacts'], styles: EmailStyles): string {
  return contacts.map((contact) => {
    const { name, role, email, phone } = contactDetails(contact);
    const emailLine =
      email && looksLikeEmail(email)
        ? `<a href="mailto:${escapeHtml(email)}"${styleAttr(styles.tags.a)}>${escapeHtml(email)}</a>`
        : email && escapeHtml(email);
    const lines = [`<strong>${escapeHtml(name)}</strong>`, role && escapeHtml(role), emailLine, phone && escapeHtml(phone)];
    return `<p${styleAttr(styles.contact)}>${lines.filter(Boolean).join('<br />')}</p>`;
  }).join('');
}

/** A list of the release's links; a label whose URL is not safe stays as text. */
export function linksHtml(links: ReleaseContent['links'], styles: EmailStyles): string {
  const items = links.map(({ label, url }) => {
    const text = escapeHtml(label);
    const link = isSafeHref(url) ? `<a href="${escapeHtml(url)}" rel="noopener"${styleAttr(styles.tags.a)}>${text}</a>` : text;
    return `<li${styleAttr(styles.tags.li)}>${link}</li>`;
  });
  return items.length ? `<ul${styleAttr(styles.linkList)}>${items.join('')}</ul>` : '';
}
