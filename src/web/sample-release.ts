/**
 * The release the settings page previews the email theme with when the organisation has
 * none of its own yet: product copy, short, with every part the theme colours (quote,
 * contact, boilerplate, links).
 */
import { ReleaseContent } from '../releases/release.js';
import type { Release } from '../releases/releases.repo.js';

export const sampleRelease = (orgId: string): Release => ({
  id: 'rel_sample0000000000000000000',
  orgId,
  status: 'draft',
  sourceFormat: 'json',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  content: ReleaseContent.parse({
    headline: 'Community Clinic Opens Its Doors to Families on the Waterfront',
    subheadline: 'Free legal advice every weekday, in English and Spanish',
    dateline: 'SAN DIEGO',
    releaseDate: '2026-01-01',
    body: 'A new community clinic opened today on the waterfront, offering free legal advice to families every weekday.\n\nVolunteers from local firms staff the clinic; [appointments](https://example.org/clinic) can be booked online or by phone.',
    quotes: [{ text: 'Every family deserves to know its rights before it has to defend them.', speaker: 'Rosa Delgado', title: 'Executive Director' }],
    contacts: [{ name: 'Dana Whitfield', title: 'Communications Director', email: 'press@example.org', phone: '+1 619 555 0100' }],
    boilerplate: { heading: 'About the clinic', text: 'The clinic is a non-profit that has offered free legal help since 2010.' },
    links: [{ label: 'Clinic opening hours', url: 'https://example.org/clinic' }],
  }),
});
