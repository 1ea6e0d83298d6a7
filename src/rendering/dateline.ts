/**
 * The dateline opens the first paragraph in bold: "**SAN DIEGO** — March 10, 2026 — A report…".
 * Done on markdown-it tokens, so both the HTML and the text part get it and the dateline
 * (user text) is never re-parsed as Markdown.
 */
import type { Token as TokenType } from 'markdown-it';
import Token from 'markdown-it/lib/token.mjs';

const emphasisMarks = /^[*_]+/;

/** Mutates freshly parsed `tokens`: bolds the dateline the body starts with, or adds one. */
export function applyDateline(tokens: TokenType[], dateline: string | undefined, date: string | undefined): void {
  if (!dateline) return;
  const inline = tokens[tokens.findIndex((t) => t.type === 'paragraph_open') + 1];
  if (!inline || inline.type !== 'inline') return;
  const children = inline.children ?? [];
  const startsWithDateline = (s: string) => s.slice(0, dateline.length).toLocaleUpperCase() === dateline.toLocaleUpperCase();
  const first = children[0];
  if (first?.type === 'text' && startsWithDateline(first.content)) {
    const rest = text(first.content.slice(dateline.length));
    children.splice(0, 1, ...bold(first.content.slice(0, dateline.length)), rest);
  } else if (!startsWithDateline(inline.content.replace(emphasisMarks, ''))) {
    children.unshift(...bold(dateline), text(date ? ` — ${date} — ` : ' — '));
  }
  inline.children = children;
}

function text(content: string): TokenType {
  const token = new Token('text', '', 0);
  token.content = content;
  return token;
}

function bold(content: string): TokenType[] {
  return [new Token('strong_open', 'strong', 1), text(content), new Token('strong_close', 'strong', -1)];
}
