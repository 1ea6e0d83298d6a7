/** Media advisories laid out as WHAT / WHO / WHEN / WHERE fields, with no title of their own. */
import { describe, expect, it } from 'vitest';
import { importPlainText } from '../../../src/releases/import-text.js';

describe('an advisory whose WHAT line is its only title', () => {
  const { content } = importPlainText(`WHAT: Eastside Food Co-op opens its second grocery store with a ribbon cutting and free tastings.
WHO: General manager Dana Brooks, Councilmember Luis Ortega and co-op member-owners
WHEN: Saturday, May 9, 2026, 10:00 a.m.
WHERE: 2150 Cesar Chavez Ave., Los Angeles
WHY: The store is the first full-service grocery in the neighborhood in 15 years
VISUALS: Ribbon cutting, produce displays and a mariachi band
RSVP: press@eastsidecoop.example.org

Contact: Dana Brooks, dana@eastsidecoop.example.org, 323-555-0148
`);

  it('takes the headline from WHAT and reads the kind from the fields', () => {
    expect(content.headline).toBe('Eastside Food Co-op opens its second grocery store with a ribbon cutting and free tastings');
    expect(content.kind).toBe('media_advisory');
    expect(content.releaseDate).toBeUndefined();
    expect(content.contacts).toEqual([{ name: 'Dana Brooks', email: 'dana@eastsidecoop.example.org', phone: '323-555-0148' }]);
  });

  it('keeps every field in the body, each on its own line', () => {
    const lines = content.body.split('\\\n');
    expect(lines.map((l) => l.split(':')[0])).toEqual(['WHAT', 'WHO', 'WHEN', 'WHERE', 'WHY', 'VISUALS', 'RSVP']);
    expect(lines[2]).toBe('WHEN: Saturday, May 9, 2026, 10:00 a.m.');
  });
});

describe('a Spanish advisory with each label on its own line', () => {
  const { content } = importPlainText(`AVISO A LOS MEDIOS

QUÉ:
Conferencia de prensa sobre la apertura del nuevo centro de salud comunitario

QUIÉN:
Dra. Elena Vargas, directora de la Clínica del Valle

CUÁNDO:
Martes 12 de mayo de 2026, 11:00 a.m.

DÓNDE:
450 Calle Principal, Salinas, California

Contacto: Marta Ruiz, marta@clinicadelvalle.example.org, 831-555-0122
`);

  it('joins each label with its value and uses QUÉ as the headline', () => {
    expect(content.kind).toBe('media_advisory');
    expect(content.language).toBe('es');
    expect(content.headline).toBe('Conferencia de prensa sobre la apertura del nuevo centro de salud comunitario');
    expect(content.body.split('\n\n')).toEqual([
      'QUÉ: Conferencia de prensa sobre la apertura del nuevo centro de salud comunitario',
      'QUIÉN: Dra. Elena Vargas, directora de la Clínica del Valle',
      'CUÁNDO: Martes 12 de mayo de 2026, 11:00 a.m.',
      'DÓNDE: 450 Calle Principal, Salinas, California',
    ]);
    expect(content.contacts).toEqual([{ name: 'Marta Ruiz', email: 'marta@clinicadelvalle.example.org', phone: '831-555-0122' }]);
  });
});

describe('an advisory with a title keeps that title', () => {
  const { content } = importPlainText(`Library Workers to Rally for Fair Contract

WHAT: Rally and press conference
WHEN: Friday, May 15, 2026, noon
WHERE: Central Library steps, 630 W. Fifth St.
`);

  it('does not replace a real headline with WHAT, and still marks an advisory', () => {
    expect(content.headline).toBe('Library Workers to Rally for Fair Contract');
    expect(content.kind).toBe('media_advisory');
  });
});

describe('a press release that lists an event in WHAT/WHEN/WHERE fields', () => {
  const { content } = importPlainText(`PRESS RELEASE

Tenants Sue Landlord Over Unsafe Heating

OAKLAND, Calif. — Tenants of three buildings filed a lawsuit on Monday asking the court to order repairs before winter.

The public is invited to a community meeting.
What: Community meeting
When: May 5, 2026, 6 p.m.
Where: 1200 Broadway
`);

  it('stays the kind it says it is', () => {
    expect(content.kind).toBe('press_release');
    expect(content.body).toContain('What: Community meeting\\\nWhen: May 5, 2026, 6 p.m.');
  });
});
