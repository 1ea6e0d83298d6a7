/**
 * Release Markdown → plain text for people, built from markdown-it tokens (never scraped
 * from HTML): wrapped paragraphs, "- " lists, indented quotes, links as "text (url)".
 */
import type { Token } from 'markdown-it';
import { isSafeHref } from './escape.js';
import { textWidth, wrapParagraph } from './wrap.js';

/** One open container (list item, blockquote): what it puts before its first line and the rest. */
interface Indent {
  first: string;
  rest: string;
}

/** How far quotes and code stand in from the text around them. */
export const quoteIndent = '    ';

export function markdownToText(tokens: Token[], width = textWidth): string {
  const lines: string[] = [];
  const indents: Indent[] = [];
  const listCounters: Array<number | null> = []; // null for bullet lists
  let tightJoin = false; // the previous block was an item of a tight list: no blank line

  const startBlock = (joinable: boolean) => {
    if (lines.length > 0 && !(joinable && tightJoin)) lines.push('');
    tightJoin = false;
  };
  const emit = (blockLines: (first: string, rest: string) => string[]) => {
    const first = indents.map((i) => i.first).join('');
    const rest = indents.map((i) => i.rest).join('');
    for (const indent of indents) indent.first = indent.rest;
    lines.push(...blockLines(first, rest).map((l) => l.trimEnd()));
  };

  for (const token of tokens) {
    switch (token.type) {
      case 'paragraph_open':
      case 'heading_open':
        startBlock(token.hidden);
        break;
      case 'inline':
        emit((first, rest) => wrapParagraph(inlineText(token.children ?? []), width, first, rest));
        break;
      case 'paragraph_close':
        tightJoin = token.hidden;
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
        listCounters.push(token.type === 'ordered_list_open' ? Number(token.attrGet('start') ?? 1) : null);
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        listCounters.pop();
        tightJoin = false;
        break;
      case 'list_item_open': {
        const counter = listCounters.at(-1) ?? null;
        const marker = counter === null ? '- ' : `${counter}. `;
        if (counter !== null) listCounters[listCounters.length - 1] = counter + 1;
        indents.push({ first: marker, rest: ' '.repeat(marker.length) });
        break;
      }
      case 'blockquote_open':
        indents.push({ first: quoteIndent, rest: quoteIndent });
        break;
      case 'list_item_close':
      case 'blockquote_close':
        indents.pop();
        break;
      case 'hr':
        startBlock(false);
        emit((first) => [`${first}* * *`]);
        break;
      case 'code_block':
      case 'fence':
        startBlock(false);
        emit((first, rest) => token.content.replace(/\n$/, '').split('\n').map((l, n) => (n === 0 ? first : rest) + quoteIndent + l));
        break;
    }
  }
  return lines.join('\n');
}

/** Inline tokens → one string; hard breaks stay "\n" for the wrapper to honour. */
export function inlineText(children: Token[]): string {
  let out = '';
  const openLinks: Array<{ href: string; start: number }> = [];
  for (const t of children) {
    switch (t.type) {
      case 'text':
      case 'code_inline':
        out += t.content;
        break;
      case 'softbreak':
        out += ' ';
        break;
      case 'hardbreak':
        out += '\n';
        break;
      case 'link_open':
        openLinks.push({ href: t.attrGet('href') ?? '', start: out.length });
        break;
      case 'link_close': {
        const link = openLinks.pop();
        if (link) out += linkSuffix(out.slice(link.start), link.href);
        break;
      }
    }
  }
  return out;
}

/** " (url)" after a link's text, unless the text already is the URL (autolinks) or it is unsafe. */
function linkSuffix(label: string, href: string): string {
  if (!isSafeHref(href)) return '';
  const bare = href.replace(/^(https?:\/\/|mailto:)/i, '');
  return label === href || label === bare || `${label}/` === bare ? '' : ` (${href})`;
}
