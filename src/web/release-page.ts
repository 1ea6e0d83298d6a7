/**
 * A finalized release as a web page for browsers: one complete HTML document, no scripts,
 * with its stylesheet inline. Everything the release says goes through the rendering
 * module's parts and sanitizer (the same Markdown, dateline and quote handling as the email);
 * this file only lays them out. Under embargo the page says so at the top, carries the
 * reader's reference code when there is one, and asks not to be indexed.
 */
import { z } from 'zod';
import { Embargo, IsoDate, type ReleaseContent } from '../releases/release.js';
import { correctionNoteText, type CorrectionNote } from '../rendering/correction-note.js';
import { articleHtml } from '../rendering/article-html.js';
import { escapeHtml } from '../rendering/escape.js';
import { releaseParts, type ReleaseParts } from '../rendering/release-parts.js';
import { Organization, parseOptions, WebUrl } from '../rendering/render-options.js';
import { releasePageStyle } from './release-page-style.js';

export interface ReleasePageOptions {
  organization: Organization;
  embargo?: Embargo;
  /** Shows the embargo banner; the embargo is then required. */
  underEmbargo: boolean;
  /** The reader's own code, from the personal link that opened the page. */
  referenceCode?: string;
  /** Open Graph and Twitter card tags, for a public page only: an embargoed page never carries them. */
  card?: PageCard;
  /** Corrections of the release shown, newest first: each dated (YYYY-MM-DD) with what it changed. */
  corrections?: CorrectionNote[];
}

export interface PageCard {
  url: string;
  /** ISO instant it became public. */
  publishedTime: string;
  image?: { url: string; alt: string };
}

const Card = z.object({
  url: WebUrl,
  publishedTime: z.iso.datetime(),
  image: z.object({ url: WebUrl, alt: z.string().max(1000) }).optional(),
});

const Options = z
  .object({
    organization: Organization,
    embargo: Embargo.optional(),
    underEmbargo: z.boolean(),
    referenceCode: z.string().trim().min(1).max(64).optional(),
    card: Card.optional(),
    corrections: z.array(z.object({ date: IsoDate, note: z.string().max(2000) })).default([]),
  })
  .refine((o) => !o.underEmbargo || o.embargo, { message: 'a page under embargo needs the embargo', path: ['embargo'] })
  .refine((o) => !o.underEmbargo || !o.card, { message: 'a page under embargo has no card tags', path: ['card'] });
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
${valid.underEmbargo ? '<meta name="robots" content="noindex">\n' : ''}${valid.card ? cardTags(content, parts, org, valid.card) : ''}<title>${escapeHtml(`${content.headline} — ${org.name}`)}</title>
<style>${releasePageStyle}</style>
</head>
<body>
${embargoBanner(parts, valid)}<header class="masthead"><div class="wrap">${organizationName(org)}</div></header>
<main class="wrap">
<article>
${correctionNotes(parts, valid)}${articleHead(content, parts)}
${articleHtml(content, parts)}
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

function correctionNotes(parts: ReleaseParts, options: ValidOptions): string {
  return options.corrections
    .map((c) => `<p class="correction" role="note">${escapeHtml(correctionNoteText(parts.language, c))}</p>\n`)
    .join('');
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

/** What a link to the page unfurls into on social networks and chat: Open Graph, then Twitter's card. */
function cardTags(content: ReleaseContent, parts: ReleaseParts, org: Organization, card: PageCard): string {
  const meta = (attribute: 'property' | 'name', key: string, value: string) => `<meta ${attribute}="${key}" content="${escapeHtml(value)}">`;
  return [
    `<link rel="canonical" href="${escapeHtml(card.url)}">`,
    meta('name', 'description', parts.preheader),
    meta('property', 'og:type', 'article'),
    meta('property', 'og:title', content.headline),
    meta('property', 'og:description', parts.preheader),
    meta('property', 'og:url', card.url),
    meta('property', 'og:site_name', org.name),
    meta('property', 'og:locale', content.language.replace('-', '_')),
    meta('property', 'article:published_time', card.publishedTime),
    ...(card.image ? [meta('property', 'og:image', card.image.url), meta('property', 'og:image:alt', card.image.alt)] : []),
    meta('name', 'twitter:card', card.image ? 'summary_large_image' : 'summary'),
    meta('name', 'twitter:title', content.headline),
    meta('name', 'twitter:description', parts.preheader),
    ...(card.image ? [meta('name', 'twitter:image', card.image.url), meta('name', 'twitter:image:alt', card.image.alt)] : []),
  ]
    .map((tag) => `${tag}\n`)
    .join('');
}
