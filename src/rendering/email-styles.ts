/**
 * Inline styles for the HTML we write into the template ourselves (body, quotes, contacts).
 * Inline because Gmail and Outlook drop or ignore much of <style>, and because MJML's
 * CSS inlining runs before content is substituted, so it never sees the release's HTML.
 */
import type { Theme } from './theme.js';

export const styledTags = ['p', 'a', 'ul', 'ol', 'li', 'blockquote', 'h2', 'h3', 'h4', 'hr', 'pre', 'code'] as const;
export type StyledTag = (typeof styledTags)[number];

export interface EmailStyles {
  tags: Record<StyledTag, string>;
  quoteText: string;
  attribution: string;
  contact: string;
  linkList: string;
}

/** No inline styles at all: for HTML shown on a page that brings its own stylesheet. */
export const unstyled: EmailStyles = {
  tags: Object.fromEntries(styledTags.map((tag) => [tag, ''])) as Record<StyledTag, string>,
  quoteText: '',
  attribution: '',
  contact: '',
  linkList: '',
};

/** ` style="…"`, or nothing for an empty style. Styles are ours, never user text. */
export const styleAttr = (css: string): string => (css ? ` style="${css}"` : '');

const mono = "Menlo, Consolas, 'Courier New', monospace";

export function emailStyles(theme: Theme): EmailStyles {
  const c = theme.colors;
  const heading = (size: number) =>
    `margin:28px 0 12px;font-family:${theme.headingFontFamily};font-size:${size}px;line-height:1.3;font-weight:bold;color:${c.heading};`;
  return {
    tags: {
      p: 'margin:0 0 16px;',
      a: `color:${c.accent};text-decoration:underline;`,
      ul: 'margin:0 0 16px;padding:0 0 0 24px;',
      ol: 'margin:0 0 16px;padding:0 0 0 24px;',
      li: 'margin:0 0 8px;',
      blockquote: `margin:24px 0;padding:2px 0 2px 20px;border-left:4px solid ${c.accent};font-family:${theme.headingFontFamily};font-size:19px;line-height:1.5;font-style:italic;color:${c.heading};`,
      h2: heading(22),
      h3: heading(19),
      h4: heading(17),
      hr: `margin:24px 0;border:0;border-top:1px solid ${c.rule};`,
      pre: `margin:0 0 16px;padding:12px;white-space:pre-wrap;background:${c.background};font-family:${mono};font-size:14px;line-height:1.45;`,
      code: `font-family:${mono};font-size:14px;`,
    },
    quoteText: 'margin:0;',
    attribution: `margin:8px 0 0;font-family:${theme.fontFamily};font-size:14px;font-style:normal;line-height:1.5;color:${c.muted};`,
    contact: 'margin:0 0 12px;',
    linkList: 'margin:0;padding:0 0 0 20px;',
  };
}
