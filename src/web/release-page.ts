/**
 * A finalized release as a web page for browsers: one complete HTML document, no scripts,
 * with its stylesheet inline. Everything the release says goes through the rendering
 * module's parts and sanitizer (the same Markdown, dateline and quote handling as the email);
 * this file only lays them out. Under embargo the page says so at the top, carries the
 * reader's reference code when there is one, and asks not to be indexed.
 */
import { z } from 'zod';
import { Embargo, type ReleaseContent } from '../releases/release.js';
import { unstyled } from '../rendering/email-styles.js';
import { escapeHtml } from '../rendering/escape.js';
import { contactsHtml, linksHtml, pullQuotesHtml } from '../rendering/html-values.js';
import { renderSafeHtml } from '../rendering/markdown.js';
import { releaseParts, type ReleaseParts } from '../rendering/release-parts.js';
import { Organization, parseOptions } from '../rendering/render-options.js';
import { releasePageStyle } from './release-page-style.js';

export interface ReleasePageOptions {
  organization: Organization;
  embargo?: Embargo;
  /** Shows the embargo banner; the embargo is then required. */
  underEmbargo: boolean;
  /** The reader's own code, from the personal link that opened the page. */
  referenceCode?: string;
}

const Options = z
  .object({
    organization: Organization,
    embargo: Embargo.optional(),
    underEmbargo: z.boolean(),
    referenceCode: z.string().trim().min(1).max(64).optional(),
  })
  .refine((o) => !o.underEmbargo || o.embargo, { message: 'a page under embargo needs the embargo', path: ['embargo'] });
type ValidOptions = z.output<typeof Options>;

export function renderReleasePage(content: ReleaseContent, options: ReleasePageOptions): string {
  const valid = parseOptions(Options, options, 'release page options');
  const parts = releaseParts(content, valid.underEmbargo ? valid.embargo : undefined);
  const org = valid.organization;
  return `<!doctype html>
<html lang="${escapeHtml(content.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${valid.underEmbargo ? '<meta name="robots" content="noindex">\n' : ''}<title>${escapeHtml(`${content.headline} — ${org.name}`)}</title>
<style>${releasePageStyle}</style>
</head>
<body>
${embargoBanner(parts, valid)}<header class="masthead"><div class="wrap">${organizationName(org)}</div></header>
<main class="wrap">
<article>
${articleHead(content, parts)}
<div class="body">
${renderSafeHtml(parts.body, unstyled.tags)}
</div>
${parts.pullQuotes.length ? `<div class="quotes">${pullQuotesHtml(parts, unstyled)}</div>\n` : ''}${sections(content, parts)}
<p class="end">###</p>
</article>
</main>
<footer class="site-footer">${organizationName(org)}<br>${escapeHtml(org.postalAddress).replace(/\r?\n/g, '<br>')}</footer>
</body>
</html>
`;
}

function embargoBanner(parts: ReleaseParts, options: ValidOptions): string {
  if (!parts.embargoLine) return '';
  const words = parts.strings.releasePage;
  const reference = options.referenceCode
    ? `\n<p class="reference">${escapeHtml(words.yourReference)}: <span>${escapeHtml(options.referenceCode)}</span></p>`
    : '';
  return `<div class="embargo" role="note"><div class="wrap">
<p><strong>${escapeHtml(parts.embargoLine)}</strong> — ${escapeHtml(words.notBeforeThen)}</p>${reference}
</div></div>
`;
}

function organizationName(org: Organization): string {
  const name = escapeHtml(org.name);
  return org.websiteUrl ? `<a href="${escapeHtml(org.websiteUrl)}">${name}</a>` : `<strong>${name}</strong>`;
}

function articleHead(content: ReleaseContent, parts: ReleaseParts): string {
  return [
    `<p class="kicker">${escapeHtml(parts.kicker)}</p>`,
    `<h1>${escapeHtml(content.headline)}</h1>`,
    content.subheadline && `<p class="subheadline">${escapeHtml(content.subheadline)}</p>`,
    content.releaseDate && parts.releaseDate && `<p class="date"><time datetime="${escapeHtml(content.releaseDate)}">${escapeHtml(parts.releaseDate)}</time></p>`,
  ]
    .filter(Boolean)
    .join('\n');
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
