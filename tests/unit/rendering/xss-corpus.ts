/**
 * Hostile release text (reliability anchors, S7), shared by every test of something that
 * writes a release as HTML: nothing from a release may become markup, script, a
 * non-http(s)/mailto link, or MJML.
 */
import type { ReleaseContent } from '../../../src/releases/release.js';
import { harborRelease } from './harbor-release.js';

export const corpus = [
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

/** The Harbor release with the corpus in its body and something hostile in every other field. */
export const hostileRelease: ReleaseContent = {
  ...harborRelease,
  headline: '<script>alert("headline")</script>',
  subheadline: '<img src=x onerror=alert(1)>',
  dateline: '<b onmouseover=alert(1)>SAN DIEGO</b>',
  body: `${harborRelease.body}\n\n${corpus}`,
  quotes: [{ text: '<svg><script>alert(1)</script></svg>', speaker: '<mj-include path="/etc/passwd" />' }],
  contacts: [{ name: '<script>x</script>', email: 'a@b.example" onclick="alert(1)', phone: '<img src=x>' }],
  boilerplate: { heading: '<h1>About</h1>', text: '[x](javascript:alert(1)) <script>alert(1)</script>' },
  notesToEditors: ['<img src=x onerror=alert(1)> [x](javascript:alert(1))', '<mj-raw><script>alert(1)</script></mj-raw>'],
  links: [{ label: '<script>x</script>', url: 'javascript:alert(1)' }],
};

export const hostileOrganizationName = '<mj-raw><script>x</script></mj-raw>';

/** The tags the Markdown sanitizer lets through. */
export const sanitizerTags = ['p', 'br', 'strong', 'em', 'b', 'i', 'a', 'ul', 'ol', 'li', 'blockquote', 'h2', 'h3', 'h4', 'hr', 'code', 'pre'];

/** Every tag name in the document and every URL it links to or loads. */
export const tagsOf = (html: string) => new Set([...html.matchAll(/<([a-zA-Z][\w:-]*)/g)].map((m) => m[1]!.toLowerCase()));
export const urlsOf = (html: string) =>
  [...html.matchAll(/<[a-zA-Z][^>]*>/g)].flatMap(([tag]) => [...tag.matchAll(/\s(?:href|src|action)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]!));

/** URLs that are not http(s) or mailto, or hold characters that could leave the attribute. */
export const unsafeUrls = (html: string) => urlsOf(html).filter((u) => !/^(https?:\/\/|mailto:)[^\s"<>]*$/.test(u));
