/**
 * Notes to editors are part of the release: in the email's HTML and text parts and on the
 * release page, under the language's own heading, after the About section.
 */
import { describe, expect, it } from 'vitest';
import type { ReleaseContent } from '../../../src/releases/release.js';
import { renderRelease, type RenderOptions } from '../../../src/rendering/render-release.js';
import { renderReleasePage } from '../../../src/web/release-page.js';
import { harborOrganization, harborRelease, harborReleaseEs } from './harbor-release.js';
import { hostileRelease } from './xss-corpus.js';

const publicVariant: RenderOptions = { variant: 'public', organization: harborOrganization };

const withNotes: ReleaseContent = {
  ...harborRelease,
  notesToEditors: [
    'Rosa Delgado is available for interview in English and Spanish.',
    'The analysis uses [immigration court records](https://harborlegalaid.example.org/data) from January 2024 through December 2025.\n\nThe data set is available to journalists on request.',
  ],
  links: [{ label: 'Full report', url: 'https://harborlegalaid.example.org/r.pdf' }],
};

const visible = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

describe('notes to editors in the email', () => {
  it('are a numbered list under "Notes to editors", between About and the links', async () => {
    const { html } = await renderRelease(withNotes, publicVariant);
    const text = visible(html);
    expect(text).toContain('Notes to editors');
    expect(html).toMatch(/<ol style="[^"]*">\s*<li style="[^"]*">\s*(?:<p[^>]*>)?Rosa Delgado is available for interview/);
    expect(html).toContain('<a href="https://harborlegalaid.example.org/data" rel="noopener"');
    expect(text).toContain('The data set is available to journalists on request.');
    const [about, notes, links] = ['About Harbor Legal Aid', 'Notes to editors', 'Related links'].map((s) => text.indexOf(s));
    expect(about).toBeLessThan(notes!);
    expect(notes).toBeLessThan(links!);
  });

  it('are numbered in the text part too, each note’s later paragraphs indented under it', async () => {
    const { text } = await renderRelease(withNotes, publicVariant);
    expect(text).toContain(
      [
        'Notes to editors',
        '1. Rosa Delgado is available for interview in English and Spanish.',
        '',
        '2. The analysis uses immigration court records',
      ].join('\n'),
    );
    expect(text).toContain('\n   The data set is available to journalists on request.');
    expect(text.indexOf('About Harbor Legal Aid')).toBeLessThan(text.indexOf('Notes to editors'));
  });

  it('show one note as its paragraph, without a number', async () => {
    const { html, text } = await renderRelease({ ...harborRelease, notesToEditors: ['Photos are available on request.'] }, publicVariant);
    expect(html).toMatch(/Notes to editors[\s\S]*<p[^>]*>Photos are available on request\.<\/p>/);
    expect(html).not.toMatch(/<ol[^>]*><li[^>]*>Photos/);
    expect(text).toContain('Notes to editors\nPhotos are available on request.');
  });

  it('carry the Spanish heading in a Spanish release', async () => {
    const { html, text } = await renderRelease({ ...harborReleaseEs, notesToEditors: ['Hay fotografías disponibles.'] }, publicVariant);
    expect(visible(html)).toContain('Notas para los editores Hay fotografías disponibles.');
    expect(text).toContain('Notas para los editores\nHay fotografías disponibles.');
  });

  it('leave no trace when there are none', async () => {
    for (const content of [harborRelease, { ...harborRelease, notesToEditors: [] }]) {
      const { html, text } = await renderRelease(content, publicVariant);
      expect(html).not.toContain('Notes to editors');
      expect(text).not.toContain('Notes to editors');
    }
  });
});

describe('hostile notes to editors', () => {
  it('are shown as text, escaped, in the email and on the page (the xss tests check every tag and link)', async () => {
    const { html, text } = await renderRelease(hostileRelease, publicVariant);
    const page = renderReleasePage(hostileRelease, { organization: harborOrganization, underEmbargo: false });
    for (const part of [html, page]) {
      expect(part).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(part).toContain('&lt;mj-raw&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/mj-raw&gt;');
    }
    expect(text).toContain('2. <mj-raw><script>alert(1)</script></mj-raw>');
  });
});

describe('notes to editors on the release page', () => {
  it('are a section of their own after About', () => {
    const html = renderReleasePage(withNotes, { organization: harborOrganization, underEmbargo: false });
    expect(html).toMatch(/<section class="notes"><h2>Notes to editors<\/h2>\s*<ol>\s*<li>\s*(?:<p>)?Rosa Delgado is available/);
    expect(html.indexOf('class="about"')).toBeLessThan(html.indexOf('class="notes"'));
    expect(html.indexOf('class="notes"')).toBeLessThan(html.indexOf('class="links"'));
  });

  it('are headed in the release’s language', () => {
    const html = renderReleasePage({ ...harborReleaseEs, notesToEditors: ['Hay fotografías disponibles.'] }, { organization: harborOrganization, underEmbargo: false });
    expect(html).toContain('<section class="notes"><h2>Notas para los editores</h2>\n<p>Hay fotografías disponibles.</p>');
  });
});
