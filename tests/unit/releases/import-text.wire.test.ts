/**
 * Releases as the wire services distribute them, pasted from the wire's page: the wire's
 * dateline tag, byline, time stamp, share buttons, media links and page tail around the copy.
 * The release keeps what the organisation wrote and nothing of the wire's.
 */
import { describe, expect, it } from 'vitest';
import { importPlainText } from '../../../src/releases/import-text.js';
import type { ReleaseContent } from '../../../src/releases/release.js';
import { readFixture } from '../../helpers/fixtures.js';

const wireNames = /newswire|news provided|business ?wire|hispanic pr|share this|share to|view original|gallery available|accompanying this announcement|attachment|related images|download image|hashtags|^SOURCE|^FUENTE/im;

/** Everything of a release that is shown to journalists. */
const shown = (content: ReleaseContent): string =>
  [content.headline, content.subheadline, content.body, content.boilerplate?.text, ...(content.notesToEditors ?? []), ...content.links.map((l) => l.url), ...content.contacts.map((c) => c.name)].join('\n');

describe('PR Newswire: "NEWS PROVIDED BY", SHARE THIS ARTICLE, Logo and SOURCE lines, the page after them', () => {
  const { content, warnings } = importPlainText(readFixture('releases/prnewswire-brightline-storage-2026-05-12.txt'));

  it('reads titles, the dateline and its date with the byline and share buttons gone', () => {
    expect(content.headline).toBe('Brightline Solar to Pair Battery Storage With Every New Community Solar Project');
    expect(content.subheadline).toBe("Four-hour batteries at 40 sites will keep subscribers' savings flowing after sunset");
    expect(content.dateline).toBe('DENVER');
    expect(content.releaseDate).toBe('2026-05-12');
    expect(content.body.startsWith('Brightline Solar, a developer of community solar projects, today announced')).toBe(true);
    expect(content.body.split('\n\n')).toHaveLength(4);
  });

  it('keeps the quote, the boilerplate, the contact and the organisation’s own link', () => {
    expect(content.quotes).toEqual([expect.objectContaining({ speaker: 'Jordan Ellis', title: 'chief executive officer of Brightline Solar' })]);
    expect(content.boilerplate?.heading).toBe('About Brightline Solar');
    expect(content.boilerplate?.text).toMatch(/operates 310 projects in eight states\.$/);
    expect(content.contacts).toEqual([{ name: 'Riley Chen', organization: 'Brightline Solar', email: 'rchen@brightlinesolar.example.com', phone: '303-555-0160' }]);
    expect(content.links).toEqual([{ label: 'A map of the sites', url: 'https://www.brightlinesolar.example.com/storage-map' }]);
  });

  it('shows nothing of the wire', () => {
    expect(shown(content)).not.toMatch(wireNames);
    expect(shown(content)).not.toMatch(/08:00 ET|Facebook|LinkedIn|Related Links|440k|Also from this source/);
    expect(warnings).toEqual([]);
  });
});

describe('PR Newswire Hispanic PR Wire: Spanish copy, "News provided by" over blank lines, "Share toX" buttons, a Photo line', () => {
  const { content } = importPlainText(readFixture('releases/prnewswire-hispanic-red-salud-2026-04-28.es.txt'));

  it('reads the /PRNewswire-HISPANIC PR WIRE/ dateline with its Spanish date', () => {
    expect(content.language).toBe('es');
    expect(content.dateline).toBe('MIAMI');
    expect(content.releaseDate).toBe('2026-04-28');
    expect(content.subheadline).toBe('Las unidades ofrecerán vacunas, controles de presión y consultas gratuitas en español');
    expect(content.body.startsWith('La Red de Salud Comunitaria, una organización sin fines de lucro')).toBe(true);
  });

  it('keeps the boilerplate and the contact, and shows nothing of the wire', () => {
    expect(content.boilerplate?.heading).toBe('Acerca de la Red de Salud Comunitaria');
    expect(content.contacts).toEqual([{ name: 'Andrés Molina', email: 'prensa@redsalud.example.org', phone: '305-555-0142' }]);
    expect(content.links.map((l) => l.url)).toEqual(['https://www.redsalud.example.org/clinicas-moviles']);
    expect(shown(content)).not.toMatch(wireNames);
    expect(shown(content)).not.toMatch(/09:30 ET|Photo -/);
  });
});

describe('Business Wire: time stamp above the --(BUSINESS WIRE)-- dateline, gallery link, Contacts, sidebars', () => {
  const { content } = importPlainText(readFixture('releases/businesswire-acme-robotics-2026-05-12.txt'));

  it('takes the release date from the time stamp, as the dateline has none', () => {
    expect(content.dateline).toBe('SAN FRANCISCO');
    expect(content.releaseDate).toBe('2026-05-12');
    expect(content.subheadline).toBe('Lab will employ 120 engineers by 2027 and partner with two local community colleges');
    expect(content.body.startsWith('Acme Robotics, Inc., a maker of warehouse robots, today opened')).toBe(true);
  });

  it('reads both groups under Contacts as contacts', () => {
    expect(content.contacts).toEqual([
      { name: 'Jamie Fox', organization: 'Acme Robotics', email: 'jamie.fox@acmerobotics.example.com', phone: '+1 415-555-0100' },
      { name: 'Sam Ortiz', organization: 'Acme Robotics', email: 'investors@acmerobotics.example.com' },
    ]);
    expect(content.boilerplate?.heading).toBe('About Acme Robotics');
  });

  it('drops the gallery link and the page’s hashtags, profiles and "More News From"', () => {
    expect(content.links).toEqual([]);
    expect(shown(content)).not.toMatch(wireNames);
    expect(shown(content)).not.toMatch(/Eastern Daylight|#robotics|Social Media|More News/);
  });
});

describe('GlobeNewswire: "| Source:" time stamp, Follow, photo link, Attachments and Related Images', () => {
  const { content } = importPlainText(readFixture('releases/globenewswire-lone-star-water-2026-05-12.txt'));

  it('reads the dateline without taking the time stamp for a subheadline', () => {
    expect(content.headline).toBe('Lone Star Water Cooperative Completes Rural Pipeline');
    expect(content.subheadline).toBeUndefined();
    expect(content.dateline).toBe('AUSTIN, Texas');
    expect(content.releaseDate).toBe('2026-05-12');
    expect(content.body.split('\n\n')).toHaveLength(3);
  });

  it('keeps boilerplate and contact, and drops the media sections that follow them', () => {
    expect(content.boilerplate?.text).toMatch(/^Lone Star Water Cooperative is a member-owned utility/);
    expect(content.contacts).toEqual([
      { name: 'Tomás Rivera', title: 'Communications Manager', email: 'trivera@lonestarwater.example.org', phone: '(254) 555-0119' },
    ]);
    expect(content.links).toEqual([]);
    expect(shown(content)).not.toMatch(wireNames);
    expect(shown(content)).not.toMatch(/Follow|Pipeline Map|Ribbon|Board members/);
  });
});

describe.each([
  ['NEW YORK, Sept. 22, 2026 /PRNewswire/ -- ', 'NEW YORK', '2026-09-22'],
  ['GRAND RAPIDS, Mich., April 28, 2026 /PRNewswire-HISPANIC PR WIRE/ — ', 'GRAND RAPIDS, Mich.', '2026-04-28'],
  ['WASHINGTON, May 12, 2026 /PRNewswire-USNewswire/ – ', 'WASHINGTON', '2026-05-12'],
  ['St. Louis, Mo., May 12, 2026 /PRNewswire/ -- ', 'St. Louis, Mo.', '2026-05-12'],
  ['LONDON, 12 May 2026 /PRNewswire/ -- ', 'LONDON', '2026-05-12'],
  ['CIUDAD DE MÉXICO, 12 de mayo de 2026 /PRNewswire/ -- ', 'CIUDAD DE MÉXICO', '2026-05-12'],
  ['TORONTO, May 12, 2026 /CNW/ - ', 'TORONTO', '2026-05-12'],
  ['NEW YORK & LONDON--(BUSINESS WIRE)--', 'NEW YORK & LONDON', undefined],
  ['AUSTIN, Texas--(BUSINESS WIRE)--', 'AUSTIN, Texas', undefined],
  ['BOSTON, May 12, 2026 (GLOBE NEWSWIRE) – ', 'BOSTON', '2026-05-12'],
])('the wire dateline "%s"', (opening, dateline, releaseDate) => {
  const { content } = importPlainText(`Harbor Robotics Opens a Training Center\n\n${opening}Harbor Robotics today opened a training center for 200 technicians a year.\n`);

  it('is the place and the date, and leaves the sentence', () => {
    expect(content.dateline).toBe(dateline);
    expect(content.releaseDate).toBe(releaseDate);
    expect(content.body).toBe('Harbor Robotics today opened a training center for 200 technicians a year.');
  });
});

describe('wire lines outside wire copy', () => {
  it('leaves a time line above a release without a wire dateline to the header', () => {
    const { content } = importPlainText(`Tenants Will Rally for Protections at Oakland City Hall\n\nThursday, April 16, 2026, 11:00 a.m. PT\n\nOAKLAND — Tenants will rally at City Hall on Thursday to urge the council to pass the protections.\n`);
    expect(content.subheadline).toBe('Thursday, April 16, 2026, 11:00 a.m. PT');
    expect(content.releaseDate).toBeUndefined();
  });
});
