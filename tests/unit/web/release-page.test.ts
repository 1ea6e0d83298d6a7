import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { renderReleasePage, type ReleasePageOptions } from '../../../src/web/release-page.js';
import { harborEmbargo, harborOrganization, harborRelease, harborReleaseEs, harborReleaseWithExtras } from '../rendering/harbor-release.js';
import { hostileOrganizationName, hostileRelease, sanitizerTags, tagsOf, unsafeUrls, urlsOf } from '../rendering/xss-corpus.js';

const underEmbargo: ReleasePageOptions = { organization: harborOrganization, embargo: harborEmbargo, underEmbargo: true, referenceCode: 'PW-7F3K' };
const published: ReleasePageOptions = { organization: harborOrganization, embargo: harborEmbargo, underEmbargo: false };

/** Visible text, roughly: the <head> and tags dropped, the entities we write decoded. */
const visible = (html: string) =>
  html.replace(/<head>[\s\S]*<\/head>/, '').replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('the release page', () => {
  it('is a complete, script-free HTML document in the release’s language', () => {
    const html = renderReleasePage(harborRelease, published);
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain(`<title>${harborRelease.headline} — Harbor Legal Aid</title>`);
    expect(html).toMatch(/<style>[\s\S]*max-width: 720px[\s\S]*<\/style>/);
    expect(html).not.toMatch(/<script|\son[a-z]+\s*=|javascript:/i);
    expect(html).not.toContain(' style="'); // all styling from the stylesheet
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('shows kind, headline, subheadline, date, dateline-led body, quotes, contacts, About and links', () => {
    const html = renderReleasePage(harborReleaseWithExtras, published);
    const markup = [
      '<p class="kicker">PRESS RELEASE · FOR IMMEDIATE RELEASE</p>',
      `<h1>${harborRelease.headline}</h1>`,
      `<p class="subheadline">${harborRelease.subheadline}</p>`,
      '<time datetime="2026-03-10">March 10, 2026</time>',
      '<p><strong>SAN DIEGO</strong> — March 10, 2026 — A report released today',
      '<a href="mailto:press@harborlegalaid.example.org">',
      '<li><a href="https://harborlegalaid.example.org/r.pdf" rel="noopener">Full report</a></li>',
    ];
    const words = [
      '“Every family deserves a lawyer.” — Marcus Lee, Board Chair',
      'Media contact Dana Whitfield Communications Director, Harbor Legal Aid press@harborlegalaid.example.org (555) 010-2231',
      'About Harbor Legal Aid Harbor Legal Aid is a nonprofit law office',
      'Related links Full report ###',
      'Harbor Legal Aid 1450 Harbor Drive, Suite 300 San Diego, CA 92101',
    ];
    expect(markup.filter((m) => !html.includes(m))).toEqual([]);
    expect(words.filter((w) => !visible(html).includes(w))).toEqual([]);
    expect(html.match(/No one should have to argue/g)).toHaveLength(1); // in the body already, not repeated
  });

  it('has no banner, noindex or reference once the embargo has lifted', () => {
    const html = renderReleasePage(harborRelease, { ...published, referenceCode: 'PW-7F3K' });
    expect(html).not.toMatch(/EMBARGOED|noindex|PW-7F3K|class="embargo"/);
  });
});

describe('the release page under embargo', () => {
  it('opens with the embargo in the zone and in UTC, the reader’s reference, and asks not to be indexed', () => {
    const html = renderReleasePage(harborRelease, underEmbargo);
    const text = visible(html);
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(text).toContain('EMBARGOED UNTIL Tuesday, March 10, 2026, 12:01 AM PDT (07:01 UTC) — not for publication before then Your reference: PW-7F3K');
    expect(html.indexOf('class="embargo"')).toBeLessThan(html.indexOf('<h1>'));
    expect(html).toContain('<p class="kicker">PRESS RELEASE</p>');
  });

  it('is in Spanish for a Spanish release', () => {
    const html = renderReleasePage(harborReleaseEs, underEmbargo);
    expect(html).toContain('<html lang="es">');
    expect(visible(html)).toContain('EMBARGO HASTA martes 10 de marzo de 2026, 00:01 PDT (07:01 UTC) — no publicar antes de esa hora Su referencia: PW-7F3K');
    expect(visible(html)).toContain('Contacto de prensa');
  });

  it('shows no reference line without a code', () => {
    const html = renderReleasePage(harborRelease, { ...underEmbargo, referenceCode: undefined });
    expect(html).toContain('EMBARGOED UNTIL');
    expect(html).not.toContain('Your reference');
  });

  it('refuses to show an embargo it was not given', () => {
    expect(() => renderReleasePage(harborRelease, { organization: harborOrganization, underEmbargo: true })).toThrow(AppError);
  });
});

describe('hostile release content on the page', () => {
  const html = renderReleasePage(hostileRelease, {
    ...underEmbargo,
    organization: { ...harborOrganization, name: hostileOrganizationName },
    referenceCode: '<script>alert(1)</script>',
  });

  it('never becomes markup: only the page’s own tags and the sanitizer’s allowlist appear', () => {
    const page = ['html', 'head', 'meta', 'title', 'style', 'body', 'div', 'header', 'main', 'article', 'section', 'footer', 'h1', 'span', 'time'];
    const allowed = new Set([...page, ...sanitizerTags]);
    expect([...tagsOf(html)].filter((t) => !allowed.has(t))).toEqual([]);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/<script|<svg|<img|<iframe|<form|<mj-/i);
  });

  it('links only to http(s) and mailto', () => {
    expect(urlsOf(html).length).toBeGreaterThan(3);
    expect(unsafeUrls(html)).toEqual([]);
  });

  it('shows it as escaped text', () => {
    expect(html).toContain('<h1>&lt;script&gt;alert(&quot;headline&quot;)&lt;/script&gt;</h1>');
    expect(html).toContain('<span>&lt;script&gt;alert(1)&lt;/script&gt;</span>');
    expect(html).toContain('&lt;mj-raw&gt;&lt;script&gt;x&lt;/script&gt;&lt;/mj-raw&gt;');
    expect(html).toContain('{{colors.accent}} [[headline]] [[@unsubscribeUrl]]');
  });
});
