/**
 * UK-style releases keep the boilerplate and the press contact in "Notes to editors", after
 * "ENDS" or simply at the bottom. Nothing in them may vanish without a word.
 */
import { describe, expect, it } from 'vitest';
import { importPlainText } from '../../../src/releases/import-text.js';

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

  it('reports the other notes instead of losing them, and keeps their links', () => {
    expect(content.body).not.toMatch(/ENDS|Notes to editors|Home Office|Sarah Jones/);
    expect(parsed.warnings).toEqual([expect.stringContaining('The analysis uses Home Office immigration statistics for the year ending December 2025')]);
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

  it('reports the remaining notes and labels their links by their wording', () => {
    expect(parsed.warnings).toHaveLength(2);
    expect(parsed.warnings.join('\n')).toMatch(/Spokespeople are available[\s\S]*Photos of the restored bog/);
    expect(content.links).toEqual([{ label: 'Photos of the restored bog', url: 'https://wildmoor.example.org.uk/press' }]);
  });
});
