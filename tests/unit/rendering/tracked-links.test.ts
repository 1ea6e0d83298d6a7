import { describe, expect, it } from 'vitest';
import { personalize, slotValues, type Recipient } from '../../../src/rendering/personalize.js';
import { renderRelease, type RenderOptions } from '../../../src/rendering/render-release.js';
import { emailParts } from '../../../src/rendering/slots.js';
import { collectLinks, decodeEntities, trackOpensAndClicks } from '../../../src/rendering/tracked-links.js';
import { harborOrganization, harborRelease } from './harbor-release.js';

const withLinks = {
  ...harborRelease,
  body: 'See [the findings](https://harbor.example.org/findings?year=2026&lang=en "Findings"), write to [us](mailto:press@harbor.example.org) or call [us](tel:+15555550100).',
  links: [
    { label: 'Photos', url: 'https://harbor.example.org/photos' },
    { label: 'Findings again', url: 'https://harbor.example.org/findings?year=2026&lang=en' },
  ],
};
const tracked: RenderOptions = { variant: 'public', organization: { ...harborOrganization, websiteUrl: 'https://harbor.example.org/' }, readOnline: true, tracking: true };
const jim: Recipient = { name: 'Jim', email: 'jim@paper.example', unsubscribeUrl: 'https://presswire.example/u/t1', readOnlineUrl: 'https://presswire.example/r/rel_1' };
const urls = { openUrl: 'https://presswire.example/o/dlv_1.sig.gif', clickUrl: 'https://presswire.example/c/dlv_1.sig' };

describe('link collection', () => {
  it('decodes character references the way a browser reads an attribute', () => {
    expect(decodeEntities('https://x.example/?a=1&amp;b=2&#38;c=&#x33;&unknown;')).toBe('https://x.example/?a=1&b=2&c=3&unknown;');
  });

  it('collects each http(s) link once, decoded, and leaves mailto, tel and slots out', () => {
    const html = '<a href="https://a.example/?x=1&amp;y=2">a</a><a href="mailto:p@a.example">m</a><a href="tel:+1">t</a><a href="[[slot:abc:unsubscribeUrl]]">u</a><a href="https://a.example/?x=1&#38;y=2">again</a>';
    expect(collectLinks(html)).toEqual(['https://a.example/?x=1&y=2']);
  });
});

describe('a tracked render', () => {
  it('records the links of its HTML part and turns each into a slot, with a pixel before </body>', async () => {
    const rendered = await renderRelease(withLinks, tracked);
    expect(rendered.tracked).toBe(true);
    expect(rendered.links).toEqual(['https://harbor.example.org/findings?year=2026&lang=en', 'https://harbor.example.org/photos', 'https://harbor.example.org/']);
    expect(rendered.html).not.toContain('href="https://');
    expect(rendered.html).toMatch(/<img src="\[\[slot:[0-9a-f]+:openPixelUrl\]\]"[^>]*\/><\/body>/);
    expect(rendered.html).toContain('href="mailto:press@harbor.example.org"');
  });

  it('gives a tracked recipient redirects with the link in ?url=, and never wraps the unsubscribe or read-online link', async () => {
    const { html, text } = personalize(await renderRelease(withLinks, tracked), { ...jim, tracking: urls });
    const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => decodeEntities(m[1]!));
    expect(hrefs).toContain(`${urls.clickUrl}?url=${encodeURIComponent('https://harbor.example.org/findings?year=2026&lang=en')}`);
    expect(hrefs).toContain(`${urls.clickUrl}?url=${encodeURIComponent('https://harbor.example.org/photos')}`);
    expect(hrefs).toContain(jim.unsubscribeUrl);
    expect(hrefs).toContain(jim.readOnlineUrl);
    expect(hrefs.filter((h) => h.startsWith(urls.clickUrl))).toHaveLength(4);
    expect(html).toContain(`<img src="${urls.openUrl}"`);
    // The text part is what journalists copy from: its URLs stay as written.
    expect(text).toContain('https://harbor.example.org/photos');
    expect(text).not.toContain('/c/');
  });

  it('gives a recipient without tracking the direct links and an inline pixel that asks no server', async () => {
    const { html } = personalize(await renderRelease(withLinks, tracked), jim);
    expect(html).toContain('href="https://harbor.example.org/findings?year=2026&amp;lang=en"');
    expect(html).not.toContain('presswire.example/c/');
    expect(html).not.toContain('presswire.example/o/');
    expect(html).toContain('<img src="data:image/gif;base64,');
  });

  it('fills the same in the MIME builder’s segments as in personalize()', async () => {
    const rendered = await renderRelease(withLinks, tracked);
    const values = slotValues(rendered.language, { ...jim, tracking: urls }, rendered.links);
    const html = emailParts(rendered).parts[1]!.segments.map((s) => (typeof s === 'string' ? s : values[s.slot].replace(/&/g, '&amp;'))).join('');
    expect(html).toBe(personalize(rendered, { ...jim, tracking: urls }).html);
  });

  it('is not made unless asked for: previews and test sends are never tracked', async () => {
    const rendered = await renderRelease(withLinks, { ...tracked, tracking: undefined });
    expect(rendered).toMatchObject({ tracked: false, links: [] });
    expect(rendered.html).not.toContain('openPixelUrl');
    expect(trackOpensAndClicks(rendered).links).toHaveLength(3);
  });
});
