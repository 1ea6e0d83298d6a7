/**
 * Release text is hostile until proven otherwise (reliability anchors, S7): nothing from a
 * release may become markup, script, a non-http(s)/mailto link, or MJML.
 */
import { describe, expect, it } from 'vitest';
import { personalize } from '../../../src/rendering/personalize.js';
import { renderRelease } from '../../../src/rendering/render-release.js';
import { harborOrganization, harborRelease } from './harbor-release.js';

const corpus = [
  '<mj-include path="/etc/passwd" type="css" />',
  '<mj-include path="/etc/passwd" />',
  '<mjml><mj-body><mj-raw><script>alert(1)</script></mj-raw></mj-body></mjml>',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg onload=alert(1)>',
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](&#x6A;&#x61;vascript&colon;alert(1))',
  '[x](java\tscript:alert(1))',
  '[x](vbscript:msgbox(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<a href="data:text/html,<script>alert(1)</script>">click</a>',
  '<javascript:alert(1)>',
  '[x](http://example.org/"onmouseover="alert(1))',
  '![x](https://example.org/a.png" onerror="alert(1))',
  '<<script>script>alert(1)<</script>/script>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<iframe src="https://evil.example"></iframe>',
  '<style>body{display:none}</style>',
  '<p style="background:url(javascript:alert(1))">styled</p>',
  '<form action="https://evil.example"><input name=q></form>',
  '```html\n<script>alert(1)</script>\n```',
  '{{colors.accent}} [[headline]] [[@unsubscribeUrl]]',
].join('\n\n');

/** Every tag name in the document and every URL it links to or loads. */
const tagsOf = (html: string) => new Set([...html.matchAll(/<([a-zA-Z][\w:-]*)/g)].map((m) => m[1]!.toLowerCase()));
const urlsOf = (html: string) =>
  [...html.matchAll(/<[a-zA-Z][^>]*>/g)].flatMap(([tag]) => [...tag.matchAll(/\s(?:href|src|action)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]!));

async function renderHostile() {
  const hostile = harborRelease;
  const rendered = await renderRelease(
    {
      ...hostile,
      headline: '<script>alert("headline")</script>',
      subheadline: '<img src=x onerror=alert(1)>',
      dateline: '<b onmouseover=alert(1)>SAN DIEGO</b>',
      body: `${hostile.body}\n\n${corpus}`,
      quotes: [{ text: '<svg><script>alert(1)</script></svg>', speaker: '<mj-include path="/etc/passwd" />' }],
      contacts: [{ name: '<script>x</script>', email: 'a@b.example" onclick="alert(1)', phone: '<img src=x>' }],
      boilerplate: { heading: '<h1>About</h1>', text: '[x](javascript:alert(1)) <script>alert(1)</script>' },
      links: [{ label: '<script>x</script>', url: 'javascript:alert(1)' }],
    },
    { variant: 'public', organization: { ...harborOrganization, name: '<mj-raw><script>x</script></mj-raw>' } },
  );
  return personalize(rendered, { name: '<script>n</script>', email: 'r@paper.example', unsubscribeUrl: 'https://p.example/u/1' });
}

describe('hostile release content', () => {
  it('never becomes markup: only the template’s own tags and the allowlist appear', async () => {
    const { html } = await renderHostile();
    const allowed = new Set([
      // the compiled template
      'html', 'head', 'title', 'meta', 'style', 'body', 'div', 'table', 'tbody', 'tr', 'td', 'h1', 'h2', 'o:officedocumentsettings', 'o:allowpng', 'o:pixelsperinch', 'noscript', 'xml',
      // the sanitizer's allowlist
      'p', 'br', 'strong', 'em', 'b', 'i', 'a', 'ul', 'ol', 'li', 'blockquote', 'h3', 'h4', 'hr', 'code', 'pre',
    ]);
    expect([...tagsOf(html)].filter((t) => !allowed.has(t))).toEqual([]);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/<script|<svg|<img|<iframe|<form|<mj-/i);
  });

  it('links only to http(s) and mailto', async () => {
    const { html } = await renderHostile();
    const urls = urlsOf(html);
    expect(urls.length).toBeGreaterThan(3);
    expect(urls.filter((u) => !/^(https?:\/\/|mailto:)[^\s"<>]*$/.test(u))).toEqual([]);
    expect(html).not.toContain('mailto:a@b.example'); // not an address: shown, not linked
  });

  it('is shown as text, escaped, and never compiled as MJML or read from disk', async () => {
    const { html, text } = await renderHostile();
    expect(html).toContain('&lt;mj-include path="/etc/passwd" type="css" /&gt;');
    expect(html).toContain('&lt;script&gt;alert(&quot;headline&quot;)&lt;/script&gt;');
    expect(html).not.toMatch(/root:.*:0:0:/);
    expect(html).toContain('{{colors.accent}} [[headline]] [[@unsubscribeUrl]]');
    expect(text).toContain('<mj-include path="/etc/passwd" />'); // text/plain: inert as typed
  });
});
