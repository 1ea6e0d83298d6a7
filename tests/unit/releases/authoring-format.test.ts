import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validationError } from '../../helpers/errors.js';
import { importMarkdown, importRelease } from '../../../src/releases/authoring-format.js';
import { readFixture, repoRoot } from '../../helpers/fixtures.js';

const now = new Date('2026-01-01T00:00:00Z');


const release = (frontMatter: string, body = 'LOS ANGELES — The body of the release.') => `---\n${frontMatter}\n---\n${body}\n`;

describe('examples/release-embargoed.md', () => {
  const parsed = importRelease(readFileSync(resolve(repoRoot, 'examples/release-embargoed.md'), 'utf8'), 'release-embargoed.md', now);
  const { content } = parsed;

  it('imports every field', () => {
    expect(content.kind).toBe('press_release');
    expect(content.language).toBe('en');
    expect(content.headline).toMatch(/^Tidewater Literacy Project Opens Free Evening Classes/);
    expect(content.subheadline).toBeDefined();
    expect(content.releaseDate).toBe('2030-04-09');
    expect(content.dateline).toBe('NORFOLK, Va.');
    expect(content.body).toMatch(/^The Tidewater Literacy Project today opened registration/);
    expect(content.quotes.map((q) => q.speaker)).toEqual(['Daniel Reyes', 'Keisha Howard']);
    expect(content.contacts).toEqual([
      expect.objectContaining({ name: 'Maya Okonkwo', organization: 'Tidewater Literacy Project', email: 'press@tidewaterliteracy.example.org' }),
    ]);
    expect(content.boilerplate?.heading).toBe('About Tidewater Literacy Project');
    expect(content.links).toHaveLength(2);
    expect(content.social).toMatchObject({ default: expect.any(String), x: expect.any(String), thread: false });
  });

  it('reads the embargo in Eastern daylight time', () => {
    expect(parsed.embargo).toEqual({ until: '2030-04-09T04:01:00.000Z', zone: 'America/New_York' });
  });

  it('carries its Spanish version', () => {
    expect(parsed.translations).toEqual([expect.objectContaining({ language: 'es', releaseDate: '2030-04-09', boilerplate: expect.objectContaining({ heading: 'Acerca de Tidewater Literacy Project' }) })]);
  });

  it('has a twin without the embargo in examples/release.md', () => {
    const plain = importRelease(readFileSync(resolve(repoRoot, 'examples/release.md'), 'utf8'), 'release.md', now);
    expect(plain.embargo).toBeUndefined();
    expect(plain.content.headline).toBe(parsed.content.headline);
    expect(parsed.warnings).toEqual([]);
  });
});

describe('importMarkdown', () => {
  it('accepts kinds as people write them and an embargo as {until, zone}', () => {
    const parsed = importMarkdown(
      release('kind: media advisory\nheadline: Rally at City Hall\nembargo:\n  until: 2026-11-10 00:01\n  zone: PT'),
      now,
    );
    expect(parsed.content.kind).toBe('media_advisory');
    expect(parsed.embargo).toEqual({ until: '2026-11-10T08:01:00.000Z', zone: 'America/Los_Angeles' });
  });

  it('takes the headline from a leading "# Heading" and the language from the text', () => {
    const { content } = importMarkdown(release('dateline: SAN DIEGO', '# Nuevo informe sobre la detención\n\nEl informe de la organización muestra que los solicitantes esperan meses.'), now);
    expect(content.headline).toBe('Nuevo informe sobre la detención');
    expect(content.body).toBe('El informe de la organización muestra que los solicitantes esperan meses.');
    expect(content.language).toBe('es');
  });

  it('keeps text as text: phone numbers, "no", numbers', () => {
    const { content } = importMarkdown(release('headline: 2030\ncontacts:\n  - name: Ana Ruiz\n    phone: 5550100'), now);
    expect(content.headline).toBe('2030');
    expect(content.contacts[0]!.phone).toBe('5550100');
  });

  it('names an unknown key, its line, and the key that was probably meant', () => {
    const error = validationError(() => importMarkdown(release('headline: Hello\nsubheadine: World'), now));
    expect(error.issues).toEqual([{ field: 'subheadine', row: 3, message: expect.stringContaining('did you mean "subheadline"') }]);
    expect(error.message).toContain('subheadine (line 3)');
  });

  it('names a bad value inside a list item, with its line', () => {
    const error = validationError(() =>
      importMarkdown(release('headline: Hello\ncontacts:\n  - name: Ana Ruiz\n    email: ana at example.org'), now),
    );
    expect(error.issues).toEqual([{ field: 'contacts.0.email', row: 5, message: '"ana at example.org" is not an email address' }]);
  });

  it('reports every problem at once, including the model\'s own checks', () => {
    const error = validationError(() =>
      importMarkdown(
        release('headline: Hello\nkind: op-ed\ndate: March 32, 2026\nlinks:\n  - url: ftp://files.example.org/report'),
        now,
      ),
    );
    expect(error.issues).toEqual([
      { field: 'kind', row: 3, message: expect.stringContaining('unknown kind "op-ed"') },
      { field: 'date', row: 4, message: '"March 32, 2026" is not a calendar date' },
      { field: 'links.0.url', row: 6, message: 'must be an http(s) URL' },
    ]);
  });

  it('refuses an embargo with a wrong weekday, naming the embargo key', () => {
    const error = validationError(() => importMarkdown(release('headline: Hello\nembargo: 12:01 a.m. PT, Monday, March 10, 2026'), now));
    expect(error.issues[0]).toMatchObject({ field: 'embargo', row: 3, message: expect.stringMatching(/says Monday/) });
  });

  it('reports YAML syntax errors and unclosed front matter with their lines', () => {
    expect(validationError(() => importMarkdown(release('headline: Hello\nquotes: [oops'), now)).issues[0]).toMatchObject({ field: 'front matter', row: expect.any(Number) });
    expect(validationError(() => importMarkdown('---\nheadline: Hello\nBody text.\n', now)).message).toMatch(/never closed/);
  });

  it('requires a headline and a body', () => {
    const error = validationError(() => importMarkdown(release('kind: statement', ''), now));
    expect(error.issues.map((i) => i.field)).toEqual(['headline', 'body']);
  });

  it('needs to know whose boilerplate a plain `about` text is', () => {
    expect(importMarkdown(release('headline: Hi\nabout: Harbor Legal Aid is a nonprofit law office that serves families in San Diego and Imperial counties.'), now).content.boilerplate?.heading).toBe('About Harbor Legal Aid');
    expect(validationError(() => importMarkdown(release('headline: Hi\nabout: We help families.'), now)).issues[0]?.field).toBe('about');
  });

  it('treats an embargo already past as lifted, with a warning', () => {
    const parsed = importMarkdown(release('headline: Hi\nembargo: 2025-01-01T00:00:00Z'), now);
    expect(parsed.embargo).toBeUndefined();
    expect(parsed.warnings).toEqual([expect.stringMatching(/already passed/)]);
  });
});

describe('importRelease', () => {
  it('sends text without front matter to the plain-text importer', () => {
    const parsed = importRelease(readFixture('releases/immdef-remain-in-mexico-2021-12-02.txt'), 'immdef.txt', now);
    expect(parsed.content.kind).toBe('statement');
  });

  it('refuses files that are not text', () => {
    expect(validationError(() => importRelease('PK\u0003\u0004', 'release.docx', now)).issues[0]?.field).toBe('file');
  });
});

describe('translations in the authoring format', () => {
  const bilingual = `---
headline: Free evening classes for 600 adult learners
date: 2030-04-09
dateline: NORFOLK, Va.
organization: Tidewater Literacy Project
contacts:
  - name: Maya Okonkwo
    email: press@tidewaterliteracy.example.org
about: Tidewater Literacy Project is a nonprofit adult education organization.
translations:
  es:
    headline: Clases nocturnas gratuitas para 600 adultos
    about: Tidewater Literacy Project es una organización sin fines de lucro de educación para adultos.
    body: |
      El proyecto abrió hoy la inscripción para clases nocturnas gratuitas.
---
The project today opened registration for free evening classes.
`;

  it('reads each language as a complete release sharing date, dateline and contacts', () => {
    const parsed = importMarkdown(bilingual, now);
    expect(parsed.content.language).toBe('en');
    expect(parsed.translations).toHaveLength(1);
    const [es] = parsed.translations!;
    expect(es).toMatchObject({
      language: 'es',
      headline: 'Clases nocturnas gratuitas para 600 adultos',
      releaseDate: '2030-04-09',
      dateline: 'NORFOLK, Va.',
      contacts: [expect.objectContaining({ name: 'Maya Okonkwo' })],
      boilerplate: { heading: 'Acerca de Tidewater Literacy Project' },
    });
    expect(es!.body).toContain('inscripción');
  });

  it('names the translation and key of a mistake', () => {
    const error = validationError(() => importMarkdown(bilingual.replace('    body: |', '    cuerpo: |'), now));
    expect(error.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['translations.es.cuerpo', 'translations.es.body']));
  });
});

describe('notesToEditors in the authoring format', () => {
  it('reads a list of notes, each in Markdown, and one note written as text', () => {
    const listed = importMarkdown(
      release('headline: Hi\nnotesToEditors:\n  - Spokespeople are available for interview.\n  - |\n    Photos are at [our press page](https://harborlegalaid.example.org/press).\n\n    Credit Harbor Legal Aid.'),
      now,
    );
    expect(listed.content.notesToEditors).toEqual([
      'Spokespeople are available for interview.',
      'Photos are at [our press page](https://harborlegalaid.example.org/press).\n\nCredit Harbor Legal Aid.',
    ]);
    expect(importMarkdown(release('headline: Hi\nnotesToEditors: Photos are available on request.'), now).content.notesToEditors).toEqual(['Photos are available on request.']);
    expect(importMarkdown(release('headline: Hi\nnotesToEditors: []'), now).content.notesToEditors).toBeUndefined();
  });

  it('names a note that is not text, with its line, and suggests the key when misspelt', () => {
    const error = validationError(() => importMarkdown(release('headline: Hi\nnotesToEditors:\n  - One.\n  - speaker: Ana'), now));
    expect(error.issues).toEqual([{ field: 'notesToEditors.1', row: 5, message: 'must be text, not a list or a map' }]);
    const misspelt = validationError(() => importMarkdown(release('headline: Hi\nnotesToEditor: One.'), now));
    expect(misspelt.issues[0]?.message).toContain('did you mean "notesToEditors"');
  });

  it('lets a translation carry its own notes', () => {
    const parsed = importMarkdown(
      release('headline: Hi\nnotesToEditors: Photos are available.\ntranslations:\n  es:\n    headline: Hola\n    notesToEditors: Hay fotografías disponibles.\n    body: El cuerpo del comunicado.'),
      now,
    );
    expect(parsed.content.notesToEditors).toEqual(['Photos are available.']);
    expect(parsed.translations![0]!.notesToEditors).toEqual(['Hay fotografías disponibles.']);
  });
});

describe('front matter with aliases', () => {
  it('reads an anchor reused a few times', () => {
    const parsed = importMarkdown(release('headline: &h Harbor Legal Aid opens a clinic\nsubheadline: *h'), now);
    expect(parsed.content.subheadline).toBe('Harbor Legal Aid opens a clinic');
  });

  it('refuses nested aliases that would expand to billions of nodes', () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) levels.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const error = validationError(() => importMarkdown(release(`headline: Laughs\n${levels.join('\n')}`), now));
    expect(error.issues).toEqual([expect.objectContaining({ field: 'front matter', message: expect.stringMatching(/at most 100 times/) })]);
  });
});
