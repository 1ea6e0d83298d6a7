/** House styles: capitals, captions, editor's notes, one-paragraph statements, typewriter punctuation. */
import { describe, expect, it } from 'vitest';
import { importPlainText } from '../../../src/releases/import-text.js';

describe('a headline in capitals', () => {
  const { content } = importPlainText(`FOR IMMEDIATE RELEASE

RIVERSIDE SCHOOL BOARD APPROVES FREE BREAKFAST FOR ALL U.S. STUDENTS IN THE DISTRICT

Program begins in August at all 46 district schools

RIVERSIDE, Calif. — The Riverside Unified School Board voted unanimously on Tuesday to offer free breakfast to every student, starting in August.
`);

  it('keeps the headline as written (capitals cannot be safely re-cased: "U.S.")', () => {
    expect(content.headline).toBe('RIVERSIDE SCHOOL BOARD APPROVES FREE BREAKFAST FOR ALL U.S. STUDENTS IN THE DISTRICT');
    expect(content.subheadline).toBe('Program begins in August at all 46 district schools');
    expect(content.dateline).toBe('RIVERSIDE, Calif.');
  });
});

describe('photo lines and an editor\'s note above the first paragraph', () => {
  const { content } = importPlainText(`Creekside Alliance Plants 5,000 Oaks Along Miller Creek

Editor’s note: High-resolution photos are available at https://creekside.example.org/press.

Photo: Volunteers plant oak seedlings at Miller Creek on Saturday. (Credit: Jo Park/Creekside Alliance)

NAPA, Calif. — More than 400 volunteers planted 5,000 valley oak seedlings along Miller Creek on Saturday, restoring shade to a mile of salmon habitat.

The seedlings were grown from acorns collected in the watershed.

Photo caption: A volunteer waters a seedling near the Miller Creek bridge.
`);

  it('keeps them in the body, after the paragraph that opens with the dateline', () => {
    expect(content.subheadline).toBeUndefined();
    expect(content.dateline).toBe('NAPA, Calif.');
    expect(content.body.split('\n\n')).toEqual([
      'More than 400 volunteers planted 5,000 valley oak seedlings along Miller Creek on Saturday, restoring shade to a mile of salmon habitat.',
      'Editor’s note: High-resolution photos are available at https://creekside.example.org/press.',
      'Photo: Volunteers plant oak seedlings at Miller Creek on Saturday. (Credit: Jo Park/Creekside Alliance)',
      'The seedlings were grown from acorns collected in the watershed.',
      'Photo caption: A volunteer waters a seedling near the Miller Creek bridge.',
    ]);
    expect(content.links.map((l) => l.url)).toEqual(['https://creekside.example.org/press']);
  });
});

describe.each([
  {
    form: 'issued the following statement',
    paragraph: `WASHINGTON — Today the Supreme Court upheld federal child care funding for working families. Families First executive director Maria Lopez issued the following statement: “This ruling protects child care for 1.4 million children. Parents can go to work tomorrow knowing their children are safe, and we will keep fighting until every family can find care it can afford.”`,
  },
  {
    form: 'said, inside the paragraph',
    paragraph: `WASHINGTON — Today the Supreme Court upheld federal child care funding for working families. “This ruling protects child care for 1.4 million children,” said Maria Lopez, executive director of Families First. “We will keep fighting until every family can find care it can afford.”`,
  },
])('a statement that is one paragraph with the quote inside it ($form)', ({ paragraph }) => {
  const { content } = importPlainText(`STATEMENT

Families First Responds to Supreme Court Ruling on Child Care Funding

June 30, 2026

${paragraph}

###
`);

  it('reads the kind, the dateline and the speaker, and keeps the paragraph whole', () => {
    expect(content.kind).toBe('statement');
    expect(content.dateline).toBe('WASHINGTON');
    expect(content.releaseDate).toBe('2026-06-30');
    expect(content.quotes).toEqual([expect.objectContaining({ speaker: 'Maria Lopez', text: expect.stringMatching(/^This ruling protects/) })]);
    expect(content.quotes[0]!.title).toMatch(/executive director/);
    expect(content.body.startsWith('Today the Supreme Court upheld')).toBe(true);
    expect(content.body).not.toContain('\n');
  });
});

describe('a statement introduced by a paragraph ending in a colon', () => {
  const { content } = importPlainText(`STATEMENT

Families First Responds to Supreme Court Ruling

WASHINGTON — Maria Lopez, executive director of Families First, issued the following statement on today's Supreme Court ruling:

“This ruling protects child care for 1.4 million children. Parents can go to work tomorrow knowing their children are safe.”
`);

  it('takes the speaker from the introduction and keeps the introduction in the body', () => {
    expect(content.subheadline).toBeUndefined();
    expect(content.dateline).toBe('WASHINGTON');
    expect(content.quotes).toEqual([expect.objectContaining({ speaker: 'Maria Lopez', title: 'executive director of Families First' })]);
    expect(content.body).toMatch(/^Maria Lopez, executive director of Families First, issued the following statement[^\n]*:\n\n> “This ruling/);
  });
});

describe('a Spanish release marked PARA PUBLICACIÓN INMEDIATA', () => {
  const { content } = importPlainText(`PARA PUBLICACIÓN INMEDIATA

Contacto:
Andrés Molina
Director de Comunicaciones
andres@viviendadigna.example.org
(213) 555-0190

Coalición por la Vivienda Digna pide congelar los alquileres en Los Ángeles

LOS ÁNGELES, 3 de junio de 2026 — La Coalición por la Vivienda Digna pidió hoy al Concejo Municipal que congele los alquileres durante un año en los edificios con más de diez unidades.

"Ninguna familia debería elegir entre pagar la renta y comer", dijo Rosa Elena Paredes, presidenta de la coalición.

Acerca de la Coalición por la Vivienda Digna
La Coalición por la Vivienda Digna es una alianza de 40 organizaciones de inquilinos del condado de Los Ángeles.
`);

  it('reads the contact card, the date in the dateline, the quote and the boilerplate', () => {
    expect(content.language).toBe('es');
    expect(content.kind).toBe('press_release');
    expect(content.headline).toBe('Coalición por la Vivienda Digna pide congelar los alquileres en Los Ángeles');
    expect(content.dateline).toBe('LOS ÁNGELES');
    expect(content.releaseDate).toBe('2026-06-03');
    expect(content.contacts).toEqual([
      { name: 'Andrés Molina', title: 'Director de Comunicaciones', email: 'andres@viviendadigna.example.org', phone: '(213) 555-0190' },
    ]);
    expect(content.quotes).toEqual([expect.objectContaining({ speaker: 'Rosa Elena Paredes', title: 'presidenta de la coalición' })]);
    expect(content.boilerplate?.heading).toBe('Acerca de la Coalición por la Vivienda Digna');
  });
});

describe('a date line with the weekday spelled out', () => {
  const { content } = importPlainText(`Tidewater Food Bank Opens Mobile Pantry Route
Monday, June 1, 2026

NORFOLK, Va. — The Tidewater Food Bank today launched a mobile pantry that will stop at 12 rural towns every week.
`);

  it('reads the date', () => {
    expect(content.releaseDate).toBe('2026-06-01');
    expect(content.subheadline).toBeUndefined();
  });
});

describe('Windows-1252 quotes read as Latin-1, and typewriter dashes', () => {
  const { content } = importPlainText(
    [
      'Santa Clara Parks Reopens Alum Rock Trail',
      '',
      'SAN JOSE, Calif. -- The Alum Rock trail -- closed since the 2023 storms -- reopened on Saturday after a $4 million repair.',
      '',
      '\u0093We\u0092re thrilled to welcome hikers back,\u0094 said Ana Gomez, director of Santa Clara Parks. \u0093The trail is safer than ever.\u0094',
    ].join('\r\n'),
  );

  it('turns the control characters into curly quotes and spaced double hyphens into dashes', () => {
    expect(content.dateline).toBe('SAN JOSE, Calif.');
    expect(content.body.startsWith('The Alum Rock trail — closed since the 2023 storms — reopened')).toBe(true);
    expect(content.quotes).toEqual([
      { text: 'We’re thrilled to welcome hikers back. The trail is safer than ever.', speaker: 'Ana Gomez', title: 'director of Santa Clara Parks' },
    ]);
    expect(content.body).toContain('> “We’re thrilled');
  });
});
