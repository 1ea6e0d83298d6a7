/**
 * A release's article as HTML without page chrome: body, pull quotes, media contacts, About,
 * notes to editors and related links. The public page lays it out; feeds carry it as content.
 */
import type { ReleaseContent } from '../releases/release.js';
import { unstyled } from './email-styles.js';
import { escapeHtml } from './escape.js';
import { contactsHtml, linksHtml, pullQuotesHtml } from './html-values.js';
import { renderSafeHtml } from './markdown.js';
import type { ReleaseParts } from './release-parts.js';

export function articleHtml(content: ReleaseContent, parts: ReleaseParts): string {
  return `<div class="body">
${renderSafeHtml(parts.body, unstyled.tags)}
</div>
${parts.pullQuotes.length ? `<div class="quotes">${pullQuotesHtml(parts, unstyled)}</div>\n` : ''}${sections(content, parts)}`;
}

/** Media contacts, About, notes to editors and related links, each only when the release has them. */
function sections(content: ReleaseContent, parts: ReleaseParts): string {
  const s = parts.strings;
  const section = (name: string, heading: string, html: string) => `<section class="${name}"><h2>${escapeHtml(heading)}</h2>\n${html}\n</section>\n`;
  return [
    content.contacts.length > 0 && section('contacts', s.mediaContacts(content.contacts.length), contactsHtml(content.contacts, unstyled)),
    content.boilerplate && parts.boilerplate && section('about', content.boilerplate.heading, renderSafeHtml(parts.boilerplate, unstyled.tags)),
    parts.notesToEditors && section('notes', s.notesToEditors, renderSafeHtml(parts.notesToEditors, unstyled.tags)),
    content.links.length > 0 && section('links', s.links, linksHtml(content.links, unstyled)),
  ]
    .filter(Boolean)
    .join('');
}
