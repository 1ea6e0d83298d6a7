/**
 * Release Markdown → safe HTML, for email and for the web page.
 * Raw HTML is off in markdown-it, and the output still goes through an allowlist sanitizer:
 * two independent locks, so a parser quirk alone cannot put markup from a release into an email.
 */
import MarkdownIt, { type Token } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { styledTags, type StyledTag } from './email-styles.js';

// Tables and images do not survive email clients well and strikethrough has no plain-text
// form; off, they stay readable as the text the author typed (an image becomes a link).
const md = new MarkdownIt('default', { html: false, linkify: true, typographer: false }).disable([
  'table',
  'image',
  'strikethrough',
]);

export function parseMarkdown(source: string): Token[] {
  return md.parse(source, {});
}

/** Markdown-level headings mapped into the range the allowlist keeps. */
const headingLevels: Record<string, StyledTag> = { h1: 'h2', h5: 'h4', h6: 'h4' };

function sanitizeOptions(styles: Record<StyledTag, string>): sanitizeHtml.IOptions {
  const styleTag =
    (target: StyledTag): sanitizeHtml.Transformer =>
    (_tagName, attribs) => {
      // Our style replaces whatever the element had: users never style an email.
      const kept: sanitizeHtml.Attributes = target === 'a' && attribs.href ? { href: attribs.href, rel: 'noopener' } : {};
      if (styles[target]) kept.style = styles[target];
      return { tagName: target, attribs: kept };
    };
  const transformTags: Record<string, sanitizeHtml.Transformer> = {};
  for (const tag of styledTags) transformTags[tag] = styleTag(tag);
  for (const [from, to] of Object.entries(headingLevels)) transformTags[from] = styleTag(to);
  const allowedAttributes: Record<string, string[]> = {};
  for (const tag of styledTags) allowedAttributes[tag] = ['style'];
  allowedAttributes.a = ['href', 'rel', 'style'];
  return {
    allowedTags: ['br', 'strong', 'em', 'b', 'i', ...styledTags],
    allowedAttributes,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    parseStyleAttributes: false,
    transformTags,
  };
}

/** Render parsed Markdown to sanitized HTML with our inline styles on every block (none where a style is empty). */
export function renderSafeHtml(tokens: Token[], styles: Record<StyledTag, string>): string {
  return sanitizeHtml(md.renderer.render(tokens, md.options, {}), sanitizeOptions(styles)).trim();
}
