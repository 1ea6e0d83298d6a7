/**
 * UK-style releases keep the boilerplate and the press contact in "Notes to editors", after
 * "ENDS" or simply at the bottom. Nothing in them may vanish: what is neither stays a note.
 */
import { describe, expect, it } from 'vitest';
import { importPlainText } from '../../../src/releases/import-text.js';
import { readFixture } from '../../helpers/fixtures.js';

describe('numbered notes to editors after ENDS', () => {
  const parsed = importPlainText(`For immediate release: 12 March 2026

Asylum decisions now take more than a year, charity finds

Average wait for an initial decision has doubled since 2024

LONDON – People seeking asylum in the UK are waiting an average of 14 months for an initial decision, according to analysis published today by Refugee Legal Trust.

Priya Shah, director of Refugee Legal Trust, said: “Every month of waiting is a month in limbo. People cannot work, cannot plan and cannot rebuild their lives.”

ENDS

Notes to editors
1. Refugee Legal Trust is a registered charity providing free legal advice and representation to people seeking asylum in England and Wales. It was founded in 1998.
2. The analysis uses Home Office immigration statistics for the year ending December 2025, published at https://stats.example.org.uk/asylum-2025.
3. For interviews contact Sarah Jones on 020 7946 0000 or sarah.jones@rlt.example.org.uk
`);
  const { content } = parsed;

  it('reads the date written on the "For immediate release:" line', () => {
    expect(content.releaseDate).toBe('2026-03-12');
    expect(content.dateline).toBe('LONDON');
    expect(content.headline).toBe('Asylum decisions now take more than a year, charity finds');
  });

  it('takes the boilerplate and the press contact from the numbered notes', () => {
    expect(content.boilerplate).toEqual({
      heading: 'About Refugee Legal Trust',
      text: 'Refugee Legal Trust is a registered charity providing free legal advice and representation to people seeking asylum in England and Wales. It was founded in 1998.',
    });
    expect(content.contacts).toEqual([{ name: 'Sarah Jones', email: 'sarah.jones@rlt.example.org.uk', phone: '020 7946 0000' }]);
    expect(content.quotes).toEqual([expect.objectContaining({ speaker: 'Priya Shah', title: 'director of Refugee Legal Trust' })]);
  });

  it('keeps the other note as a note to editors, and collects its link', () => {
    expect(content.body).not.toMatch(/ENDS|Notes to editors|Home Office|Sarah Jones/);
    expect(content.notesToEditors).toEqual([
      'The analysis uses Home Office immigration statistics for the year ending December 2025, published at https://stats.example.org.uk/asylum-2025.',
    ]);
    expect(parsed.warnings).toEqual([]);
    expect(content.links.map((l) => l.url)).toEqual(['https://stats.example.org.uk/asylum-2025']);
  });
});

describe('"Editors\' notes" at the bottom without an end mark', () => {
  const parsed = importPlainText(`PRESS RELEASE
Thursday 5 February 2026

Wildmoor Trust restores 300 hectares of peat bog

MANCHESTER: Wildmoor Trust has finished re-wetting 300 hectares of upland peat bog on Kinder Edge, locking in an estimated 4,000 tonnes of carbon a year.

The work, funded by a public appeal, blocked 12 kilometres of drainage ditches dug in the 1950s.

Editors’ notes:

Spokespeople are available for interview on request.

Photos of the restored bog are available at https://wildmoor.example.org.uk/press

About Wildmoor Trust
Wildmoor Trust is a conservation charity that manages 30 nature reserves across the north of England.

Media contact: Tom Reed, tom.reed@wildmoor.example.org.uk, 0161 496 0000
`);
  const { content } = parsed;

  it('ends the body at the notes heading and reads the About section and contact under it', () => {
    expect(content.releaseDate).toBe('2026-02-05');
    expect(content.body.split('\n\n')).toHaveLength(2);
    expect(content.body).not.toMatch(/notes|Spokespeople|Photos/i);
    expect(content.boilerplate?.heading).toBe('About Wildmoor Trust');
    expect(content.contacts).toEqual([{ name: 'Tom Reed', email: 'tom.reed@wildmoor.example.org.uk', phone: '0161 496 0000' }]);
  });

  it('keeps the remaining notes and labels their links by their wording', () => {
    expect(content.notesToEditors).toEqual([
      'Spokespeople are available for interview on request.',
      'Photos of the restored bog are available at https://wildmoor.example.org.uk/press',
    ]);
    expect(parsed.warnings).toEqual([]);
    expect(content.links).toEqual([{ label: 'Photos of the restored bog', url: 'https://wildmoor.example.org.uk/press' }]);
  });
});

describe('bulleted NOTES TO EDITORS after "- ENDS -", with a quote in single quotes', () => {
  const parsed = importPlainText(`NEWS RELEASE
For immediate release: Tuesday 3 March 2026

Council backs 20mph limit on residential streets

BRISTOL – Bristol City Council has voted to introduce a 20mph limit on all residential streets by 2027, after 62 per cent of residents backed the change.

Cllr Amira Hussain, cabinet member for transport, said: ‘Slower streets are safer streets. Parents don’t want to fear the school run.’

- ENDS -

NOTES TO EDITORS:

• The consultation ran from 1 October to 30 November 2025 and received 8,400 responses.
• Bristol Streets Alliance is a coalition of 40 community groups campaigning for safer, greener streets across Bristol since 2015.
• Media enquiries: Tom Baker, Press Officer, 0117 496 0123, press@bristolstreets.example.org.uk
`);
  const { content } = parsed;

  it('reads the British quote, keeping the apostrophe inside it', () => {
    expect(content.quotes).toEqual([
      {
        text: 'Slower streets are safer streets. Parents don’t want to fear the school run.',
        speaker: 'Cllr Amira Hussain',
        title: 'cabinet member for transport',
      },
    ]);
  });

  it('sorts the bulleted notes into boilerplate, contact and a note to editors', () => {
    expect(content.boilerplate?.heading).toBe('About Bristol Streets Alliance');
    expect(content.contacts).toEqual([
      { name: 'Tom Baker', title: 'Press Officer', email: 'press@bristolstreets.example.org.uk', phone: '0117 496 0123' },
    ]);
    expect(content.notesToEditors).toEqual(['The consultation ran from 1 October to 30 November 2025 and received 8,400 responses.']);
  });
});

describe('Spanish notes for editors after FIN', () => {
  const parsed = importPlainText(`Red Comunitaria abre su tercer centro legal en Fresno

FRESNO, California — 15 de abril de 2026 — La Red Comunitaria inauguró hoy su tercer centro de ayuda legal gratuita en el Valle Central.

FIN

Notas para editores
1. Red Comunitaria es una organización sin fines de lucro fundada en 2012 que ofrece servicios legales gratuitos en el Valle Central.
2. Para entrevistas, contacte a Lucía Fernández, lucia@redcomunitaria.example.org, 555-0177
`);

  it('takes the boilerplate and the contact, and has no other note', () => {
    expect(parsed.content.language).toBe('es');
    expect(parsed.content.boilerplate?.heading).toBe('Acerca de Red Comunitaria');
    expect(parsed.content.contacts).toEqual([{ name: 'Lucía Fernández', email: 'lucia@redcomunitaria.example.org', phone: '555-0177' }]);
    expect(parsed.content.notesToEditors).toBeUndefined();
    expect(parsed.warnings).toEqual([]);
  });
});

describe('a UK release with numbered notes to editors, one of them hard-wrapped', () => {
  const parsed = importPlainText(readFixture('releases/northfield-housing-trust-temporary-accommodation-uk.txt'));
  const { content } = parsed;

  it('ends the body at ENDS and reads the release above it', () => {
    expect(content.dateline).toBe('LEEDS');
    expect(content.releaseDate).toBe('2026-05-13');
    expect(content.body.split('\n\n')).toHaveLength(4);
    expect(content.body).not.toMatch(/ENDS|Notes to editors|Case studies/);
  });

  it('keeps the notes that are neither boilerplate nor contact, in order, numbers removed', () => {
    expect(content.boilerplate?.heading).toBe('About Northfield Housing Trust');
    expect(content.contacts).toEqual([{ name: 'Oliver Grant', email: 'press@northfieldhousing.example.org.uk', phone: '0113 496 0722' }]);
    expect(content.notesToEditors).toEqual([
      'The research is based on temporary accommodation returns published by five West Yorkshire councils for the quarter ending 31 March 2026. The full report is available at https://www.northfieldhousing.example.org.uk/research/temporary-accommodation-2026',
      'Case studies and spokespeople are available for interview on request.',
      'Photographs of temporary accommodation in Leeds and Bradford can be downloaded at https://www.northfieldhousing.example.org.uk/press/images',
    ]);
    expect(content.links.map((l) => l.label)).toEqual(['Full report', 'northfieldhousing.example.org.uk/press/images']);
    expect(parsed.warnings).toEqual([]);
  });
});

describe('a Spanish release with "Notas para los editores" after its boilerplate', () => {
  const { content } = importPlainText(readFixture('releases/fundacion-aguas-claras-rios-2026-05-12.es.txt'));

  it('reads the release, its boilerplate and the contact below the notes', () => {
    expect(content.language).toBe('es');
    expect(content.dateline).toBe('MADRID');
    expect(content.releaseDate).toBe('2026-05-12');
    expect(content.boilerplate?.heading).toBe('Acerca de la Fundación Aguas Claras');
    expect(content.contacts).toEqual([{ name: 'Marta Gil', email: 'prensa@aguasclaras.example.org', phone: '+34 910 000 123' }]);
  });

  it('keeps each paragraph under the heading as a note', () => {
    expect(content.notesToEditors).toEqual([
      'El proyecto ha sido financiado por el programa LIFE de la Unión Europea y por la Comunidad de Madrid, con un presupuesto total de 6,2 millones de euros.',
      'Hay fotografías y vídeos del río antes y después de la restauración en https://www.aguasclaras.example.org/prensa/tajuna',
      'La directora de la fundación está disponible para entrevistas en español e inglés.',
    ]);
    expect(content.body).not.toMatch(/Notas|fotografías/);
  });
});

describe('an "About" boilerplate followed by "Note to editors:" and a contact, before ###', () => {
  const { content } = importPlainText(readFixture('releases/harbor-arts-council-murals-about-then-notes.txt'));

  it('keeps the About as boilerplate, the notes as notes and the contact as a contact', () => {
    expect(content.boilerplate).toEqual({
      heading: 'About the Harbor Arts Council',
      text: "The Harbor Arts Council is a nonprofit that funds and produces public art in San Diego's harbor neighborhoods. Since 1994 it has commissioned more than 300 works.",
    });
    expect(content.notesToEditors).toEqual([
      'The artists and members of the jury are available for interviews in English and Spanish on May 14 and 15.',
      "High-resolution images of the artists' proposals are available at https://www.harborarts.example.org/press/murals-2026.",
    ]);
    expect(content.contacts).toEqual([
      { name: 'Ana Beltrán', title: 'Communications Manager', email: 'press@harborarts.example.org', phone: '(619) 555-0187' },
    ]);
    expect(content.body.split('\n\n')).toHaveLength(3);
  });
});

describe.each(['Notes to editors', 'Note to editors:', 'Notes for editors', 'NOTES TO EDITORS:', 'Editor’s notes', '**Notes to Editors**', 'Information for editors', 'Notas para los editores', 'Nota para editores:', 'Nota a la redacción'])(
  'the heading "%s"',
  (heading) => {
    const { content, warnings } = importPlainText(`Library Extends Opening Hours in Six Branches

BRIGHTON – The city’s libraries will open until 9 p.m. on weekdays from June, the council announced today.

${heading}
1. The longer hours are funded by a two-year grant from the Reading Futures Trust.
2. # 1 request in the 2025 library survey was later opening, named by 64 per cent of respondents.
`);

    it('starts the notes, each kept as Markdown with what Markdown would misread escaped', () => {
      expect(content.body).toBe('The city’s libraries will open until 9 p.m. on weekdays from June, the council announced today.');
      expect(content.notesToEditors).toEqual([
        'The longer hours are funded by a two-year grant from the Reading Futures Trust.',
        '\\# 1 request in the 2025 library survey was later opening, named by 64 per cent of respondents.',
      ]);
      expect(warnings).toEqual([]);
    });
  },
);
