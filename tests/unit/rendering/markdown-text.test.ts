import { describe, expect, it } from 'vitest';
import { applyDateline } from '../../../src/rendering/dateline.js';
import { parseMarkdown, renderSafeHtml } from '../../../src/rendering/markdown.js';
import { markdownToText } from '../../../src/rendering/markdown-text.js';
import { limitLineOctets, wrapParagraph } from '../../../src/rendering/wrap.js';
import { styledTags } from '../../../src/rendering/email-styles.js';

const text = (markdown: string) => markdownToText(parseMarkdown(markdown));
const styles = Object.fromEntries(styledTags.map((t) => [t, `s-${t}`])) as Record<(typeof styledTags)[number], string>;
const html = (markdown: string) => renderSafeHtml(parseMarkdown(markdown), styles);

describe('markdown to plain text', () => {
  it('wraps paragraphs at 76 columns and keeps them apart', () => {
    const long = 'word '.repeat(40).trim();
    const out = text(`${long}\n\nSecond paragraph.`);
    const lines = out.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(76);
    expect(out).toMatch(/word\n\nSecond paragraph\.$/);
  });

  it('writes lists with "- " and numbers, continuation lines indented under the text', () => {
    expect(text(`Findings:\n\n- ${'a '.repeat(45).trim()}\n- two\n  - nested\n\n3. three\n4. four`)).toBe(
      ['Findings:', '', `- ${'a '.repeat(37).trim()}`, `  ${'a '.repeat(8).trim()}`, '- two', '  - nested', '', '3. three', '4. four'].join('\n'),
    );
  });

  it('indents blockquotes and writes links as "text (url)", autolinks once', () => {
    expect(text('> “Quoted,” said Rosa.\n\nSee [it](https://x.example/r), https://x.example/b, press@x.example.')).toBe(
      '    “Quoted,” said Rosa.\n\nSee it (https://x.example/r), https://x.example/b, press@x.example.',
    );
  });

  it('drops unsafe link targets rather than printing them as links', () => {
    expect(text('[ftp](ftp://x.example/f) and [js](javascript:alert(1))')).toBe('ftp and [js](javascript:alert(1))');
  });

  it('keeps code as typed and honours hard line breaks', () => {
    expect(text('```\nconst a = 1;\n```\n\nLine one  \nline two')).toBe('    const a = 1;\n\nLine one\nline two');
  });
});

describe('markdown to email HTML', () => {
  it('styles every block inline and overrides nothing but our own style', () => {
    expect(html('# Title\n\n> quote\n\n[a](https://x.example)')).toBe(
      '<h2 style="s-h2">Title</h2>\n<blockquote style="s-blockquote">\n<p style="s-p">quote</p>\n</blockquote>\n<p style="s-p"><a href="https://x.example" rel="noopener" style="s-a">a</a></p>',
    );
  });

  it('turns an image into a link and drops link titles', () => {
    expect(html('![chart](https://x.example/c.png "t")')).toBe('<p style="s-p">!<a href="https://x.example/c.png" rel="noopener" style="s-a">chart</a></p>');
  });
});

describe('the dateline', () => {
  const firstParagraph = (body: string, dateline?: string) => {
    const tokens = parseMarkdown(body);
    applyDateline(tokens, dateline, 'March 10, 2026');
    return renderSafeHtml(tokens, styles).split('\n')[0];
  };

  it('bolds the dateline the body already starts with', () => {
    expect(firstParagraph('SAN DIEGO — March 10, 2026 — A report.', 'SAN DIEGO')).toBe(
      '<p style="s-p"><strong>SAN DIEGO</strong> — March 10, 2026 — A report.</p>',
    );
  });

  it('adds dateline and date when the body does not start with them', () => {
    expect(firstParagraph('A report <b>released</b>.', 'SAN DIEGO')).toBe(
      '<p style="s-p"><strong>SAN DIEGO</strong> — March 10, 2026 — A report &lt;b&gt;released&lt;/b&gt;.</p>',
    );
  });

  it('leaves a body alone when the author already set the dateline in bold, or there is none', () => {
    expect(firstParagraph('**SAN DIEGO** — A report.', 'SAN DIEGO')).toBe('<p style="s-p"><strong>SAN DIEGO</strong> — A report.</p>');
    expect(firstParagraph('A report.', undefined)).toBe('<p style="s-p">A report.</p>');
  });

  it('escapes a hostile dateline instead of parsing it', () => {
    expect(firstParagraph('A report.', '<img src=x onerror=alert(1)> *X*')).toBe(
      '<p style="s-p"><strong>&lt;img src=x onerror=alert(1)&gt; *X*</strong> — March 10, 2026 — A report.</p>',
    );
  });
});

describe('line limits', () => {
  it('never breaks a word, but hard-splits lines over 998 octets at character boundaries', () => {
    const url = `https://x.example/${'é'.repeat(600)}`;
    expect(wrapParagraph(`see ${url} now`, 76)).toEqual(['see', url, 'now']);
    const split = limitLineOctets(url).split('\n');
    expect(split.length).toBe(2);
    expect(split.every((l) => Buffer.byteLength(l) <= 998)).toBe(true);
    expect(split.join('')).toBe(url);
  });
});
