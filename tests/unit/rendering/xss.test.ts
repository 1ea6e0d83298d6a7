/**
 * Release text is hostile until proven otherwise (reliability anchors, S7): nothing from a
 * release may become markup, script, a non-http(s)/mailto link, or MJML.
 */
import { describe, expect, it } from 'vitest';
import { personalize } from '../../../src/rendering/personalize.js';
import { renderRelease } from '../../../src/rendering/render-release.js';
import { harborOrganization } from './harbor-release.js';
import { hostileOrganizationName, hostileRelease, sanitizerTags, tagsOf, unsafeUrls, urlsOf } from './xss-corpus.js';

async function renderHostile() {
  const rendered = await renderRelease(hostileRelease, { variant: 'public', organization: { ...harborOrganization, name: hostileOrganizationName } });
  return personalize(rendered, { name: '<script>n</script>', email: 'r@paper.example', unsubscribeUrl: 'https://p.example/u/1' });
}

describe('hostile release content', () => {
  it('never becomes markup: only the template’s own tags and the allowlist appear', async () => {
    const { html } = await renderHostile();
    const allowed = new Set([
      // the compiled template
      'html', 'head', 'title', 'meta', 'style', 'body', 'div', 'table', 'tbody', 'tr', 'td', 'h1', 'o:officedocumentsettings', 'o:allowpng', 'o:pixelsperinch', 'noscript', 'xml',
      ...sanitizerTags,
    ]);
    expect([...tagsOf(html)].filter((t) => !allowed.has(t))).toEqual([]);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/<script|<svg|<img|<iframe|<form|<mj-/i);
  });

  it('links only to http(s) and mailto', async () => {
    const { html } = await renderHostile();
    expect(urlsOf(html).length).toBeGreaterThan(3);
    expect(unsafeUrls(html)).toEqual([]);
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
