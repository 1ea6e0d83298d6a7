import { describe, expect, it } from 'vitest';
import { importPlainText } from '../../../src/releases/import-text.js';
import { readFixture } from '../../helpers/fixtures.js';

const beforeEmbargo = new Date('2026-03-01T00:00:00Z');

describe('plain-text import: ImmDef statement pasted from a web page', () => {
  const { content, embargo, warnings } = importPlainText(readFixture('releases/immdef-remain-in-mexico-2021-12-02.txt'));

  it('keeps one headline without the "Statement:" prefix and reads the kind from it', () => {
    expect(content.headline).toBe('Immigrant Defenders Urges Biden Administration to Revoke not Reinstate MPP');
    expect(content.kind).toBe('statement');
    expect(content.subheadline).toBeUndefined();
  });

  it('reads the date line, the contact and the dateline', () => {
    expect(content.releaseDate).toBe('2021-12-02');
    expect(content.contacts).toEqual([{ name: 'Renee Garcia' }]);
    expect(content.dateline).toBe('LOS ANGELES');
    expect(content.body.startsWith('LOS ANGELES:')).toBe(false);
    expect(content.body.startsWith('The Biden administration today')).toBe(true);
  });

  it('recognises the quote with its attribution before it', () => {
    expect(content.quotes).toHaveLength(1);
    const [quote] = content.quotes;
    expect(quote!.speaker).toBe('Margaret Cargioli');
    expect(quote!.title).toBe('Managing Attorney of ImmDef’s Cross-Border Initiative');
    expect(quote!.text.startsWith('MPP is a proven human rights failure')).toBe(true);
    expect(content.body).toContain('> Managing Attorney of ImmDef’s Cross-Border Initiative, Margaret Cargioli, shared, “MPP is a proven');
  });

  it('takes the unheaded last paragraph as boilerplate and out of the body', () => {
    expect(content.boilerplate?.heading).toBe('About Immigrant Defenders Law Center');
    expect(content.boilerplate?.text.startsWith('Immigrant Defenders Law Center (ImmDef) is a next-generation social justice law firm')).toBe(true);
    expect(content.body).not.toContain('next-generation social justice law firm');
  });

  it('drops the web page around the release', () => {
    const serialized = JSON.stringify({ content, embargo, warnings });
    for (const chrome of ['top of page', 'Updated: Sep 23, 2022', '106 views0 comments', 'Recent Posts', 'See All', 'bottom of page']) {
      expect(serialized).not.toContain(chrome);
    }
    expect(embargo).toBeUndefined();
    expect(content.language).toBe('en');
  });
});

describe.each([
  {
    file: 'harbor-legal-aid-detention-report-embargoed.txt',
    language: 'en',
    title: 'Communications Director',
    headline: 'New Report Finds Detained Asylum Seekers in Southern California Wait Months Without Counsel',
    subheadline: 'Harbor Legal Aid analysis of 4,812 court records shows represented asylum seekers were five times more likely to win protection',
    quoteStart: 'No one should have to argue for their life',
    quoteTitle: 'executive director of Harbor Legal Aid',
    aboutHeading: 'About Harbor Legal Aid',
  },
  {
    file: 'harbor-legal-aid-detention-report-embargoed.es.txt',
    language: 'es',
    title: 'Directora de Comunicaciones',
    headline: 'Nuevo informe: solicitantes de asilo detenidos en el sur de California esperan meses sin abogado',
    subheadline: 'Análisis de Harbor Legal Aid de 4.812 expedientes judiciales muestra que quienes tenían representación tuvieron cinco veces más probabilidades de obtener protección',
    quoteStart: 'Nadie debería tener que defender su vida',
    quoteTitle: 'directora ejecutiva de Harbor Legal Aid',
    aboutHeading: 'Acerca de Harbor Legal Aid',
  },
])('plain-text import: embargoed Harbor Legal Aid report ($language)', (expected) => {
  const parsed = importPlainText(readFixture(`releases/${expected.file}`), beforeEmbargo);
  const { content } = parsed;

  it('reads the embargo as an instant with the zone it was written in', () => {
    expect(parsed.embargo).toEqual({ until: '2026-03-10T07:01:00.000Z', zone: 'America/Los_Angeles' });
    expect(parsed.warnings).toEqual([]);
  });

  it('reads the media contact block', () => {
    expect(content.contacts).toEqual([
      { name: 'Dana Whitfield', title: expected.title, email: 'press@harborlegalaid.example.org', phone: '(555) 010-2231' },
    ]);
  });

  it('reads headline, subheadline, dateline, date and language', () => {
    expect(content.headline).toBe(expected.headline);
    expect(content.subheadline).toBe(expected.subheadline);
    expect(content.dateline).toBe('SAN DIEGO');
    expect(content.releaseDate).toBe('2026-03-10');
    expect(content.language).toBe(expected.language);
    expect(content.kind).toBe('press_release');
    expect(content.body).not.toMatch(/^SAN DIEGO|2026 —/);
  });

  it('recognises the quote, continued after its attribution', () => {
    expect(content.quotes).toHaveLength(1);
    expect(content.quotes[0]).toMatchObject({ speaker: 'Rosa Delgado', title: expected.quoteTitle });
    expect(content.quotes[0]!.text.startsWith(expected.quoteStart)).toBe(true);
    expect(content.body).toMatch(/^> "/m);
  });

  it('takes the About section out of the body as boilerplate', () => {
    expect(content.boilerplate?.heading).toBe(expected.aboutHeading);
    expect(content.boilerplate?.text).toMatch(/^Harbor Legal Aid (is|es) (a|una) /);
    expect(content.body).not.toContain(expected.aboutHeading);
    expect(content.body).not.toContain('###');
  });

  it('collects the report link', () => {
    expect(content.links.map((l) => l.url)).toContain('https://harborlegalaid.example.org/reports/detention-2026');
  });
});

describe('plain-text import: the English Harbor Legal Aid findings', () => {
  const { content } = importPlainText(readFixture('releases/harbor-legal-aid-detention-report-embargoed.txt'), beforeEmbargo);

  it('renders the findings as a Markdown list after their lead-in', () => {
    expect(content.body).toContain(
      [
        'Key findings include:',
        '',
        '- A median wait of 97 days between detention and a first meeting with counsel',
        '- 71 percent of detained asylum seekers appeared without a lawyer',
        '- Represented asylum seekers won protection in 38 percent of cases, compared with 7 percent for those without counsel',
      ].join('\n'),
    );
  });

  it('labels links by their wording when it is obvious, else by host and path', () => {
    expect(content.links).toEqual([
      { label: 'Full report', url: 'https://harborlegalaid.example.org/reports/detention-2026' },
      { label: 'harborlegalaid.example.org/briefing', url: 'https://harborlegalaid.example.org/briefing' },
    ]);
  });

  it('treats an embargo already past as lifted, with a warning', () => {
    const late = importPlainText(readFixture('releases/harbor-legal-aid-detention-report-embargoed.txt'), new Date('2026-03-11T00:00:00Z'));
    expect(late.embargo).toBeUndefined();
    expect(late.warnings).toEqual([expect.stringMatching(/embargo .* has already passed/)]);
  });
});
