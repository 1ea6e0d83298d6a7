/**
 * Releases pasted from web pages, from a wire service and from abroad: page chrome,
 * UK end marks with notes after them, several contacts, Spanish.
 */
import { describe, expect, it } from 'vitest';
import { importPlainText } from '../../../src/releases/import-text.js';

const beforeEmbargo = new Date('2026-01-01T00:00:00Z');

describe('a newsroom page pasted with its navigation, share buttons and cookie notice', () => {
  const parsed = importPlainText(`Skip to main content
Home > News > Press Releases
Menu
Search

Back to news

City Library Expands Weekend Hours at All 14 Branches

Published: January 12, 2026

3 min read

Share this
Facebook Twitter LinkedIn Email

PORTLAND, Ore. – Starting February 1, every branch of the Portland City Library will open on Sundays from noon to 5 p.m., the library announced today, after voters approved a levy renewal in November.

The expanded hours add 728 hours of public access each year and will be staffed by 22 new part-time positions.

“Weekends are when working families can actually get to the library,” said Library Director Janet Kim. “This levy lets us open the doors when people need them.”

For a full list of branch hours, visit https://library.example.org/hours.

Tags: libraries, budget

Related news
Library launches summer reading challenge
New branch opens in Lents

We use cookies to improve your experience. Accept all cookies
`);
  const { content } = parsed;

  it('keeps only the release', () => {
    const serialized = JSON.stringify(parsed);
    for (const chrome of ['Skip to main content', 'Home >', 'Menu', 'Back to news', '3 min read', 'Share this', 'LinkedIn', 'Tags:', 'Related news', 'summer reading', 'cookies']) {
      expect(serialized).not.toContain(chrome);
    }
  });

  it('reads the page\'s publication date and a title-case dateline', () => {
    expect(content.headline).toBe('City Library Expands Weekend Hours at All 14 Branches');
    expect(content.subheadline).toBeUndefined();
    expect(content.releaseDate).toBe('2026-01-12');
    expect(content.dateline).toBe('PORTLAND, Ore.');
    expect(content.quotes).toEqual([expect.objectContaining({ speaker: 'Janet Kim', title: 'Library Director' })]);
  });
});

describe('a UK release: embargo in GMT, ENDS, then notes, contact and About', () => {
  const parsed = importPlainText(`Embargoed until 00:01 GMT, Thursday 5 February 2026

PRESS RELEASE

Food banks report record winter demand as energy debts bite

New survey of 212 food banks finds demand up a third on last winter

LONDON: Food banks across the UK handed out more emergency parcels this winter than in any previous year, according to a survey published today by the Community Pantry Network.

The survey of 212 independent food banks found that demand between November and January rose by 34 per cent compared with the previous winter, with energy debt cited as the main reason for referral in more than half of cases.

Helen Okafor, chief executive of the Community Pantry Network, said: “Volunteers are doing everything they can, but charity cannot replace a safety net. Families are choosing between heating and eating in one of the richest countries in the world.”

The Network is calling on the government to:
• Extend the Household Support Fund for three years
• Introduce a social tariff for energy
• Raise Universal Credit in line with the cost of essentials

ENDS

Notes to editors
The survey was conducted between 6 and 20 January 2026.

For more information contact:
James Holt, Media Manager
james.holt@pantrynetwork.example.org
07700 900123

About the Community Pantry Network
The Community Pantry Network is a charity supporting more than 400 independent food banks across the UK with training, funding and advocacy.
`, beforeEmbargo);
  const { content } = parsed;

  it('reads the embargo, the kind and the colon dateline', () => {
    expect(parsed.embargo).toEqual({ until: '2026-02-05T00:01:00.000Z', zone: 'UTC' });
    expect(content.kind).toBe('press_release');
    expect(content.dateline).toBe('LONDON');
    expect(content.subheadline).toBe('New survey of 212 food banks finds demand up a third on last winter');
  });

  it('reads "Name, title, said:" before the quote and bullet characters as a list', () => {
    expect(content.quotes).toEqual([expect.objectContaining({ speaker: 'Helen Okafor', title: 'chief executive of the Community Pantry Network' })]);
    expect(content.body).toContain('The Network is calling on the government to:\n\n- Extend the Household Support Fund for three years\n- Introduce');
  });

  it('takes the contact and the About section from after ENDS, and nothing else', () => {
    expect(content.contacts).toEqual([
      { name: 'James Holt', title: 'Media Manager', email: 'james.holt@pantrynetwork.example.org', phone: '07700 900123' },
    ]);
    expect(content.boilerplate?.heading).toBe('About the Community Pantry Network');
    expect(content.body).not.toMatch(/ENDS|Notes to editors/);
  });
});

describe('a wire-style release with two contacts at the bottom', () => {
  const parsed = importPlainText(`Under embargo until March 10, 2026 at 9:00 a.m. ET

Greenfield Health Launches Free Mobile Clinics in Three Bronx Neighborhoods

NEW YORK, NY (March 3, 2026) – Greenfield Health, a community health center network, today announced the launch of three free mobile clinics that will bring primary care, vaccinations and diabetes screening to the Mott Haven, Hunts Point and Soundview neighborhoods of the Bronx.

The clinics will operate six days a week and will accept patients regardless of insurance or immigration status.

“Too many of our neighbors skip care because the nearest clinic is two buses away,” said Dr. Amara Osei, chief medical officer at Greenfield Health. “Now the clinic comes to them.”

Schedules are posted at www.greenfieldhealth.example.org/mobile.

About Greenfield Health
Greenfield Health is a federally qualified health center network serving 90,000 patients a year across the Bronx and Upper Manhattan.

Media Contacts:
Lena Park, Greenfield Health, lpark@greenfieldhealth.example.org, 718-555-0110
Omar Haddad, Bronx Community Board, ohaddad@bronxcb.example.org, 718-555-0199

###
`, beforeEmbargo);
  const { content } = parsed;

  it('reads the embargo written after the date, and the dateline with its date in brackets', () => {
    expect(parsed.embargo).toEqual({ until: '2026-03-10T13:00:00.000Z', zone: 'America/New_York' });
    expect(content.dateline).toBe('NEW YORK, NY');
    expect(content.releaseDate).toBe('2026-03-03');
    expect(content.body.startsWith('Greenfield Health, a community health center network')).toBe(true);
  });

  it('splits two contacts and tells an organisation from a job title', () => {
    expect(content.contacts).toEqual([
      { name: 'Lena Park', organization: 'Greenfield Health', email: 'lpark@greenfieldhealth.example.org', phone: '718-555-0110' },
      { name: 'Omar Haddad', organization: 'Bronx Community Board', email: 'ohaddad@bronxcb.example.org', phone: '718-555-0199' },
    ]);
    expect(content.body).not.toContain('Media Contacts');
  });

  it('keeps an honorific with the speaker and labels a www link by its wording', () => {
    expect(content.quotes[0]).toMatchObject({ speaker: 'Dr. Amara Osei', title: 'chief medical officer at Greenfield Health' });
    expect(content.links).toEqual([{ label: 'Schedules', url: 'https://www.greenfieldhealth.example.org/mobile' }]);
    expect(content.boilerplate?.heading).toBe('About Greenfield Health');
  });
});

describe('a Spanish release', () => {
  const { content } = importPlainText(`PARA DIFUSIÓN INMEDIATA

Contacto: Lucía Fernández, Coordinadora de Medios
lucia@redcomunitaria.example.org / 555-0177

Red Comunitaria abre su tercer centro de ayuda legal en Fresno

FRESNO, California — 15 de abril de 2026 — La Red Comunitaria inauguró hoy su tercer centro de ayuda legal gratuita, que atenderá a familias trabajadoras del Valle Central con consultas de inmigración, vivienda y derechos laborales.

"Cada familia merece saber cuáles son sus derechos", afirmó María José de la Cruz, directora de la Red Comunitaria.

Sobre Red Comunitaria
Red Comunitaria es una organización sin fines de lucro fundada en 2012 que ofrece servicios legales gratuitos en el Valle Central de California.

###
`);

  it('reads the Spanish markers, date and attribution', () => {
    expect(content.language).toBe('es');
    expect(content.releaseDate).toBe('2026-04-15');
    expect(content.dateline).toBe('FRESNO, California');
    expect(content.contacts).toEqual([
      { name: 'Lucía Fernández', title: 'Coordinadora de Medios', email: 'lucia@redcomunitaria.example.org', phone: '555-0177' },
    ]);
    expect(content.quotes).toEqual([
      { text: 'Cada familia merece saber cuáles son sus derechos.', speaker: 'María José de la Cruz', title: 'directora de la Red Comunitaria' },
    ]);
    expect(content.boilerplate?.heading).toBe('Sobre Red Comunitaria');
  });
});

describe('a blog post pasted with the site name and section above the title', () => {
  const { content } = importPlainText(`Harbor Arts Council
News

Harbor Arts Council Announces 2026 Community Mural Grants
April 20, 2026
Twelve neighborhood murals will be painted this summer with $180,000 in grants.

The Harbor Arts Council today announced twelve recipients of its 2026 Community Mural Grants, which fund artists working with neighbors to design and paint public murals.

Grant recipients were chosen from 140 applications by a panel of artists and residents. Each project receives $15,000.

“These walls belong to the neighborhoods,” said Teresa Nguyen, the council’s program director. “The artists are there to help people tell their own stories.”

A map of the mural sites: https://harborarts.example.org/murals/2026

Share
Facebook
Twitter
Email

Previous Post
Next Post
`);

  it('takes the post title as headline, its date, and the standfirst as subheadline', () => {
    expect(content.headline).toBe('Harbor Arts Council Announces 2026 Community Mural Grants');
    expect(content.subheadline).toBe('Twelve neighborhood murals will be painted this summer with $180,000 in grants.');
    expect(content.releaseDate).toBe('2026-04-20');
    expect(content.body).not.toMatch(/Previous Post|Facebook|^News/m);
    expect(content.links).toEqual([{ label: 'A map of the mural sites', url: 'https://harborarts.example.org/murals/2026' }]);
  });
});
