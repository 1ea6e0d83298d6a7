/**
 * Plain-text paragraphs to Markdown: bullet lines become lists, deliberate line breaks stay
 * breaks, and text that Markdown would misread ("# 1 priority", "2026. The year…") is escaped.
 */
import { BULLET, unwrapBlock, type Block } from './text-lines.js';

const bullet = new RegExp(String.raw`^${BULLET}\s+(?<item>\S.*)$`, 'u');
const numbered = /^(?<n>\d{1,2})[.)]\s+(?<item>\S.*)$/u;

type Run = { kind: 'text' | 'bullets' | 'numbers'; lines: string[] };

function kindOf(line: string): Run['kind'] {
  if (bullet.test(line)) return 'bullets';
  return numbered.test(line) ? 'numbers' : 'text';
}

/** Group consecutive lines of the same kind; a lone numbered line is just text. */
function runsOf(lines: readonly string[]): Run[] {
  const runs: Run[] = [];
  for (const line of lines) {
    const kind = kindOf(line);
    const last = runs.at(-1);
    if (last?.kind === kind) last.lines.push(line);
    else runs.push({ kind, lines: [line] });
  }
  return runs.map((run) => (run.kind === 'numbers' && run.lines.length < 2 ? { ...run, kind: 'text' } : run));
}

/** Escape what would start a heading, a quote, a list or a rule in plain prose. */
function escapeLineStart(line: string): string {
  if (/^(?:#|>|[-*+]\s|[=\-_*]{3,}\s*$)/u.test(line)) return `\\${line}`;
  return line.replace(/^(\d+)([.)])(\s)/u, '$1\\$2$3');
}

function renderRun(run: Run): string {
  if (run.kind === 'bullets') return run.lines.map((l) => `- ${bullet.exec(l)!.groups!.item}`).join('\n');
  if (run.kind === 'numbers') return run.lines.map((l) => numbered.exec(l)!.groups!).map(({ n, item }) => `${n}. ${item}`).join('\n');
  // Lines kept apart in the source (an address, WHAT:/WHEN: fields) stay apart: a hard break.
  return run.lines.map(escapeLineStart).join('\\\n');
}

/** One paragraph of pasted text as Markdown; a quote paragraph becomes a blockquote. */
export function paragraphToMarkdown(block: Block, asQuote = false): string {
  const markdown = runsOf(unwrapBlock(block).map((l) => l.text)).map(renderRun).join('\n\n');
  return asQuote ? markdown.split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n') : markdown;
}
