import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { mjmlCompileCount } from '../../../src/rendering/mjml-template.js';
import { personalize } from '../../../src/rendering/personalize.js';
import { renderRelease, type RenderOptions } from '../../../src/rendering/render-release.js';
import { readFixture } from '../../helpers/fixtures.js';
import { harborEmbargo, harborOrganization, harborRelease, harborReleaseEs, harborReleaseWithExtras } from './harbor-release.js';

const embargoed: RenderOptions = { variant: 'embargoed', embargo: harborEmbargo, organization: harborOrganization };
const publicVariant: RenderOptions = { variant: 'public', organization: harborOrganization };
const recipient = { name: 'Ana Ruiz', email: 'ana@newsroom.example', unsubscribeUrl: 'https://presswire.example/u/t1' };

/** Visible text of an HTML fragment, roughly: tags dropped, entities for quotes decoded. */
const visible = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

describe('the hand-made Harbor release', () => {
  it('says what the fixture says', () => {
    const fixture = readFixture('releases/harbor-legal-aid-detention-report-embargoed.txt').replace(/\s+/g, ' ');
    expect(fixture).toContain(harborRelease.headline);
    expect(fixture).toContain(harborRelease.subheadline);
    expect(fixture).toContain(harborRelease.boilerplate?.text);
    expect(fixture).toContain('No one should have to argue for their life');
  });
});

describe('renderRelease, public variant', () => {
  it('uses the headline as subject and title, and marks the release for immediate release', async () => {
    const r = await renderRelease(harborRelease, publicVariant);
    expect(r.subject).toBe(harborRelease.headline);
    expect(r.language).toBe('en');
    expect(r.html).toContain(`<title>${harborRelease.headline}</title>`);
    expect(r.html).toContain('PRESS RELEASE · FOR IMMEDIATE RELEASE');
    expect(r.text).toContain('PRESS RELEASE · FOR IMMEDIATE RELEASE');
    expect(r.html).not.toContain('EMBARGOED');
    expect(r.text).not.toContain('EMBARGOED');
  });

  it('hides the subheadline as preheader and shows headline, date, bold dateline and body', async () => {
    const { html } = await renderRelease(harborRelease, publicVariant);
    expect(html).toMatch(/<div style="display:none[^"]*">Harbor Legal Aid analysis of 4,812 court records/);
    expect(html).toContain('March 10, 2026');
    expect(html).toContain('<strong>SAN DIEGO</strong> — March 10, 2026 — A report released today');
    expect(html).toMatch(/<blockquote style="[^"]*border-left:4px solid[^"]*font-style:italic/);
    expect(html).toMatch(/<li style="[^"]*">71 percent of detained asylum seekers appeared without a lawyer<\/li>/);
    expect(html).toContain('<a href="https://harborlegalaid.example.org/briefing" rel="noopener"');
    expect(html).toContain('>###<');
  });

  it('shows media contacts, boilerplate and the footer with organisation and postal address', async () => {
    const { html } = await renderRelease(harborRelease, publicVariant);
    const text = visible(html);
    expect(text).toContain('Media contact');
    expect(text).toContain('Dana Whitfield Communications Director, Harbor Legal Aid press@harborlegalaid.example.org (555) 010-2231');
    expect(html).toContain('href="mailto:press@harborlegalaid.example.org"');
    expect(text).toContain('About Harbor Legal Aid Harbor Legal Aid is a nonprofit law office');
    expect(html).toContain('1450 Harbor Drive, Suite 300<br />San Diego, CA 92101');
    expect(html).toContain('href="https://harborlegalaid.example.org"');
  });

  it('adds quotes the body does not already carry as pull quotes, and links when given', async () => {
    const { html, text } = await renderRelease(harborReleaseWithExtras, publicVariant);
    expect(html.match(/No one should have to argue/g)).toHaveLength(1); // already in the body: not repeated
    expect(visible(html)).toContain('“Every family deserves a lawyer.” — Marcus Lee, Board Chair');
    expect(text).toContain('    “Every family deserves a lawyer.”\n    — Marcus Lee, Board Chair');
    expect(html).toContain('<a href="https://harborlegalaid.example.org/r.pdf" rel="noopener"');
    expect(text).toContain('Related links:\n- Full report (https://harborlegalaid.example.org/r.pdf)');
  });

  it('stays well under Gmail’s 102 KB clipping limit', async () => {
    const rendered = await renderRelease(harborRelease, embargoed);
    const { html } = personalize(rendered, recipient);
    const bytes = Buffer.byteLength(html);
    console.info(`Harbor release HTML part: ${bytes} bytes`);
    expect(bytes).toBeLessThan(102_000);
  });
});

describe('renderRelease, embargoed variant', () => {
  it('prefixes the subject and shows the embargo in the zone and in UTC in both parts', async () => {
    const r = await renderRelease(harborRelease, embargoed);
    expect(r.subject).toBe(`EMBARGOED UNTIL Tuesday, March 10, 2026, 12:01 AM PDT: ${harborRelease.headline}`);
    for (const part of [r.html, r.text]) {
      expect(part).toContain('EMBARGOED UNTIL Tuesday, March 10, 2026, 12:01 AM PDT (07:01 UTC)');
      expect(part).toContain('Not for publication or broadcast before this time.');
    }
    expect(r.text.startsWith('EMBARGOED UNTIL')).toBe(true);
    expect(r.html).not.toContain('FOR IMMEDIATE RELEASE');
  });

  it('writes a Spanish release with Spanish fixed text and dates', async () => {
    const r = await renderRelease(harborReleaseEs, embargoed);
    const { html, text } = personalize(r, recipient);
    expect(r.language).toBe('es');
    expect(r.subject).toBe(`EMBARGO HASTA martes 10 de marzo de 2026, 00:01 PDT: ${harborReleaseEs.headline}`);
    for (const part of [html, text]) {
      expect(part).toContain('EMBARGO HASTA martes 10 de marzo de 2026, 00:01 PDT (07:01 UTC)');
      expect(part).toContain('COMUNICADO DE PRENSA');
      expect(part).toContain('Contacto de prensa');
      expect(part).toContain('Acerca de Harbor Legal Aid');
      expect(part).toContain('Darse de baja');
      expect(part).toContain('Enviado a Ana Ruiz (ana@newsroom.example)');
    }
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('<strong>SAN DIEGO</strong> — 10 de marzo de 2026 — Un informe');
  });
});

describe('the text part', () => {
  it('reads like a release: banner, headline, body, quote, contact, about, end mark, footer', async () => {
    const { text } = personalize(await renderRelease(harborRelease, embargoed), recipient);
    const order = [
      'EMBARGOED UNTIL',
      'New Report Finds Detained Asylum Seekers',
      'Harbor Legal Aid analysis of 4,812',
      'SAN DIEGO — March 10, 2026 — A report released today',
      '    “No one should have to argue for their life',
      '- 71 percent of detained asylum seekers appeared without a lawyer',
      'Media contact:\nDana Whitfield\nCommunications Director, Harbor Legal Aid\npress@harborlegalaid.example.org\n(555) 010-2231',
      'About Harbor Legal Aid\nHarbor Legal Aid is a nonprofit law office',
      '\n###\n',
      'Sent to Ana Ruiz (ana@newsroom.example)',
      'Unsubscribe: https://presswire.example/u/t1',
      'Harbor Legal Aid\n1450 Harbor Drive, Suite 300\nSan Diego, CA 92101',
    ];
    const positions = order.map((s) => text.indexOf(s));
    expect(positions.every((p) => p >= 0), `missing: ${order.filter((_, i) => positions[i]! < 0).join(' | ')}`).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).not.toMatch(/<[a-z]/i);
  });

  it('wraps prose near 76 columns and never exceeds 998 octets a line', async () => {
    const longWord = 'x'.repeat(3000);
    const content = { ...harborRelease, body: `${harborRelease.body}\n\nA link nobody can wrap: https://example.org/${longWord}` };
    const { text } = personalize(await renderRelease(content, embargoed), recipient);
    const lines = text.split('\n');
    expect(Math.max(...lines.map((l) => Buffer.byteLength(l)))).toBeLessThanOrEqual(998);
    const prose = lines.filter((l) => !l.includes('https://') && !l.includes(longWord.slice(0, 100)));
    expect(Math.max(...prose.map((l) => [...l].length))).toBeLessThanOrEqual(76);
  });
});

describe('compiling the template', () => {
  it('runs MJML once per set of conditions and reuses the result', async () => {
    await renderRelease(harborRelease, embargoed);
    const afterFirst = mjmlCompileCount();
    await renderRelease(harborRelease, embargoed);
    await renderRelease({ ...harborRelease, headline: 'Another headline entirely' }, embargoed);
    expect(mjmlCompileCount()).toBe(afterFirst);
    await renderRelease({ ...harborRelease, links: [{ label: 'Report', url: 'https://example.org/r' }] }, embargoed);
    expect(mjmlCompileCount()).toBe(afterFirst + 1);
  });

  it('gives each render its own slot nonce', async () => {
    const [a, b] = await Promise.all([renderRelease(harborRelease, embargoed), renderRelease(harborRelease, embargoed)]);
    expect(a.slot).not.toBe(b.slot);
    expect(a.html).toContain(`[[slot:${a.slot}:unsubscribeUrl]]`);
  });
});

describe('render options are validated', () => {
  const refusal = async (options: RenderOptions) => {
    const error = await renderRelease(harborRelease, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  };

  it('refuses an embargoed variant without an embargo', async () => {
    const error = await refusal({ variant: 'embargoed', organization: harborOrganization });
    expect(error.code).toBe('VALIDATION');
    expect(error.issues.map((i) => i.field)).toContain('embargo');
  });

  it('refuses an organisation without a postal address or with an unsafe website', async () => {
    const error = await refusal({
      variant: 'public',
      organization: { name: 'Harbor', postalAddress: ' ', websiteUrl: 'javascript:alert(1)' },
    });
    expect(error.issues.map((i) => i.field).sort()).toEqual(['organization.postalAddress', 'organization.websiteUrl']);
  });

  it('refuses an unknown time zone and a theme that could break out of the template', async () => {
    expect((await refusal({ ...embargoed, embargo: { ...harborEmbargo, zone: 'Mars/Olympus' } })).issues[0]?.field).toBe('embargo.zone');
    const theme = await refusal({ ...publicVariant, theme: { colors: { accent: 'red" onload="x' } as never } });
    expect(theme.code).toBe('CONFIG');
  });
});
