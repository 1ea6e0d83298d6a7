/** Contact blocks as offices write them: no person named, several people, long lead-ins. */
import { describe, expect, it } from 'vitest';
import { importPlainText } from '../../../src/releases/import-text.js';

const body = `SAN DIEGO — Border Rights Project today asked a federal court to stop the detention of asylum seekers in unheated holding cells at the San Ysidro port of entry.`;

describe('a contact line with only an address and a phone number', () => {
  it('names the press office, with the organisation from the About section', () => {
    const { content } = importPlainText(`FOR IMMEDIATE RELEASE
April 7, 2026
Contact: press@borderrights.example.org, 619-555-0100

Rights Group Sues Over Cold Holding Cells

${body}

About Border Rights Project
Border Rights Project is a nonprofit legal organization defending the rights of people crossing the border.
`);
    expect(content.contacts).toEqual([
      { name: 'Press office', organization: 'Border Rights Project', email: 'press@borderrights.example.org', phone: '619-555-0100' },
    ]);
  });

  it('names the press office in Spanish for a Spanish release', () => {
    const { content } = importPlainText(`PARA PUBLICACIÓN INMEDIATA

Contacto: prensa@derechosfronterizos.example.org, 619-555-0101

Organización demanda al gobierno por celdas sin calefacción

SAN DIEGO — Derechos Fronterizos pidió hoy a un tribunal federal que detenga la detención de solicitantes de asilo en celdas sin calefacción en la garita de San Ysidro.
`);
    expect(content.language).toBe('es');
    expect(content.contacts).toEqual([{ name: 'Oficina de prensa', email: 'prensa@derechosfronterizos.example.org', phone: '619-555-0101' }]);
  });
});

describe('two contact cards under one "Media Contacts:" heading', () => {
  const { content } = importPlainText(`Media Contacts:
Lena Park
Greenfield Health
lpark@greenfieldhealth.example.org
718-555-0110

Omar Haddad
Bronx Community Board
ohaddad@bronxcb.example.org
718-555-0199

Greenfield Health Opens Mobile Clinics in the Bronx

NEW YORK — Greenfield Health today launched three free mobile clinics that will bring primary care to the Mott Haven, Hunts Point and Soundview neighborhoods.
`);

  it('reads both cards and then the headline', () => {
    expect(content.contacts).toEqual([
      { name: 'Lena Park', organization: 'Greenfield Health', email: 'lpark@greenfieldhealth.example.org', phone: '718-555-0110' },
      { name: 'Omar Haddad', organization: 'Bronx Community Board', email: 'ohaddad@bronxcb.example.org', phone: '718-555-0199' },
    ]);
    expect(content.headline).toBe('Greenfield Health Opens Mobile Clinics in the Bronx');
    expect(content.body).not.toMatch(/Lena|Omar/);
  });
});

describe('two contact cards printed side by side', () => {
  it.each([
    ['spaces', '      '],
    ['tabs', '\t'],
  ])('reads each column as its own card (%s)', (_, gap) => {
    const columns = [
      ['Lena Park', 'Omar Haddad'],
      ['Greenfield Health', 'Bronx Community Board'],
      ['lpark@greenfieldhealth.example.org', 'ohaddad@bronxcb.example.org'],
      ['718-555-0110', '718-555-0199'],
    ];
    const { content } = importPlainText(`Greenfield Health Opens Mobile Clinics in the Bronx

NEW YORK — Greenfield Health today launched three free mobile clinics that will bring primary care to the Mott Haven, Hunts Point and Soundview neighborhoods.

Media Contacts:
${columns.map(([left, right]) => `${left!.padEnd(36)}${gap}${right}`).join('\n')}
`);
    expect(content.contacts).toEqual([
      { name: 'Lena Park', organization: 'Greenfield Health', email: 'lpark@greenfieldhealth.example.org', phone: '718-555-0110' },
      { name: 'Omar Haddad', organization: 'Bronx Community Board', email: 'ohaddad@bronxcb.example.org', phone: '718-555-0199' },
    ]);
  });

  it('keeps a card whose lines are "label  value" pairs as one card', () => {
    const { content } = importPlainText(`Greenfield Health Opens Mobile Clinics in the Bronx

NEW YORK — Greenfield Health today launched three free mobile clinics that will bring primary care to the Mott Haven, Hunts Point and Soundview neighborhoods.

Press contact:
Name:    Lena Park
Email:   lpark@greenfieldhealth.example.org
`);
    expect(content.contacts).toEqual([{ name: 'Lena Park', email: 'lpark@greenfieldhealth.example.org' }]);
  });
});

describe('"For more information, please contact:" over a card at the end', () => {
  const { content } = importPlainText(`Valley Water Alliance Secures Funding for Well Repairs

FRESNO, Calif. — The Valley Water Alliance has secured $3 million in state funding to repair private wells that ran dry during the drought.

For more information, please contact:
Maya Chen
Communications Manager, Valley Water Alliance
maya.chen@valleywater.example.org
(559) 555-0144

###
`);

  it('reads the card and keeps it out of the body', () => {
    expect(content.contacts).toEqual([
      {
        name: 'Maya Chen',
        title: 'Communications Manager',
        organization: 'Valley Water Alliance',
        email: 'maya.chen@valleywater.example.org',
        phone: '(559) 555-0144',
      },
    ]);
    expect(content.body).toBe('The Valley Water Alliance has secured $3 million in state funding to repair private wells that ran dry during the drought.');
  });
});
