/**
 * What surrounds a release when it is copied: share and follow buttons, taxonomy lines,
 * printed-page continuation marks, and the lines a wire service adds to its copy.
 */
import { describe, expect, it } from 'vitest';
import { importPlainText } from '../../../src/releases/import-text.js';

describe('a newsroom page ending with "Share this:", follow and taxonomy lines', () => {
  const parsed = importPlainText(`Northside Tenants Union Wins Heating Repairs at 40 Buildings

Posted in News, Housing
March 2, 2026

CHICAGO — The Northside Tenants Union today reached an agreement with Lakeview Property Group that requires new heating systems in 40 buildings before next winter.

“Tenants organised for two years to get here,” said Alma Reyes, lead organiser of the Northside Tenants Union.

Share this:
Facebook
Twitter
Email

Share this article:
Follow us on Instagram
Follow us:
Print this page
Print Friendly

Filed under Housing, Tenants
Categories: News
Tags: housing, repairs

Related Content:
Union holds annual meeting
`);
  const { content } = parsed;

  it('drops every share, follow, print and taxonomy line, with or without a colon', () => {
    const serialized = JSON.stringify(parsed);
    for (const chrome of ['Share this', 'Facebook', 'Follow us', 'Print', 'Posted in', 'Filed under', 'Categories', 'Tags', 'Related Content', 'annual meeting']) {
      expect(serialized).not.toContain(chrome);
    }
  });

  it('keeps the release itself', () => {
    expect(content.headline).toBe('Northside Tenants Union Wins Heating Repairs at 40 Buildings');
    expect(content.releaseDate).toBe('2026-03-02');
    expect(content.dateline).toBe('CHICAGO');
    expect(content.quotes).toEqual([expect.objectContaining({ speaker: 'Alma Reyes' })]);
    expect(content.body.split('\n\n')).toHaveLength(2);
  });
});

describe('a printed release with continuation marks and page numbers', () => {
  const { content } = importPlainText(`FOR IMMEDIATE RELEASE

Harbor City Council Adopts Climate Action Plan

HARBOR CITY, Ore. — The Harbor City Council voted 6-1 on Tuesday to adopt a climate action plan that commits the city to
cutting its emissions in half by 2035.

-more-

Page 2 of 3

The plan calls for electrifying the city bus fleet by 2030 and for a new grant program for home insulation, which

(more)

will be open to renters as well as owners.

- more -

The council will review progress every two years.

- MORE -
Page 3 of 3

###
`);

  it('drops the marks and page numbers, and mends a paragraph split by a page break', () => {
    expect(content.body).not.toMatch(/more|Page \d/i);
    expect(content.body).toContain('a new grant program for home insulation, which will be open to renters as well as owners.');
    expect(content.body.split('\n\n')).toHaveLength(3);
    expect(content.dateline).toBe('HARBOR CITY, Ore.');
  });
});

describe('hard-wrapped lines that only look like chrome', () => {
  const { content } = importPlainText(`Tenants Sue Landlord Over Unsafe Heating

OAKLAND, Calif. — Tenants of three buildings sued their landlord on Monday. The complaint was
filed under seal in Alameda County Superior Court and seeks repairs that will cost $2 million or
more.

The council voted to adopt the plan, which commits the city to cutting its emissions

- 2 -

in half by 2035.
`);

  it('keeps a wrapped "filed under seal…" and "more." and mends a sentence cut by a page number', () => {
    expect(content.body).toBe(
      [
        'Tenants of three buildings sued their landlord on Monday. The complaint was filed under seal in Alameda County Superior Court and seeks repairs that will cost $2 million or more.',
        'The council voted to adopt the plan, which commits the city to cutting its emissions in half by 2035.',
      ].join('\n\n'),
    );
  });
});

describe('PR Newswire copy', () => {
  const { content } = importPlainText(`Brightline Solar Reaches 1 Gigawatt of Community Solar Capacity

Milestone puts clean power within reach of 180,000 households

DENVER, May 12, 2026 /PRNewswire/ -- Brightline Solar, a developer of community solar projects, today announced that its operating portfolio has passed one gigawatt of capacity across eight states.

"Community solar lets renters share in clean energy savings," said Jordan Ellis, CEO of Brightline Solar.

About Brightline Solar
Brightline Solar develops, builds and operates community solar projects in the United States.

Media Contact:
Riley Chen, rchen@brightlinesolar.example.com, 303-555-0160

View original content to download multimedia:https://www.prnewswire.example.com/news-releases/brightline-solar-reaches-1-gigawatt-302000000.html

SOURCE Brightline Solar
`);

  it('reads the wire dateline and drops the SOURCE and "View original content" lines', () => {
    expect(content.headline).toBe('Brightline Solar Reaches 1 Gigawatt of Community Solar Capacity');
    expect(content.subheadline).toBe('Milestone puts clean power within reach of 180,000 households');
    expect(content.dateline).toBe('DENVER');
    expect(content.releaseDate).toBe('2026-05-12');
    expect(content.body).not.toMatch(/SOURCE|View original|PRNewswire/);
    expect(content.links).toEqual([]);
    expect(content.contacts).toEqual([{ name: 'Riley Chen', email: 'rchen@brightlinesolar.example.com', phone: '303-555-0160' }]);
    expect(content.quotes).toEqual([expect.objectContaining({ speaker: 'Jordan Ellis', title: 'CEO of Brightline Solar' })]);
    expect(content.boilerplate?.heading).toBe('About Brightline Solar');
  });
});

describe('Business Wire copy', () => {
  const { content } = importPlainText(`Acme Robotics Opens Warehouse Automation Lab in Oakland

SAN FRANCISCO--(BUSINESS WIRE)--Acme Robotics, Inc., a maker of warehouse robots, today opened a 40,000-square-foot research lab in Oakland that will employ 120 engineers by the end of 2027.

"Oakland has the talent we need," said Priya Natarajan, chief executive officer of Acme Robotics.

Contacts

Media:
Jamie Fox, Acme Robotics
jamie.fox@acmerobotics.example.com
+1 415-555-0100

View source version on businesswire.example.com: https://www.businesswire.example.com/news/home/20260512005000/en/
`);

  it('reads the --(BUSINESS WIRE)-- dateline, the Contacts block under its "Media:" label, and drops the source link', () => {
    expect(content.dateline).toBe('SAN FRANCISCO');
    expect(content.body.startsWith('Acme Robotics, Inc., a maker of warehouse robots, today opened')).toBe(true);
    expect(content.contacts).toEqual([
      { name: 'Jamie Fox', organization: 'Acme Robotics', email: 'jamie.fox@acmerobotics.example.com', phone: '+1 415-555-0100' },
    ]);
    expect(content.body).not.toMatch(/View source|Contacts|Media:/);
    expect(content.links).toEqual([]);
  });
});

describe('GlobeNewswire copy', () => {
  const { content } = importPlainText(`Lone Star Water Cooperative Completes Rural Pipeline

AUSTIN, Texas, May 12, 2026 (GLOBE NEWSWIRE) -- Lone Star Water Cooperative today completed a 60-mile pipeline that brings treated water to 9,000 rural households in central Texas.
`);

  it('reads the place, the date and the (GLOBE NEWSWIRE) tag', () => {
    expect(content.dateline).toBe('AUSTIN, Texas');
    expect(content.releaseDate).toBe('2026-05-12');
    expect(content.body.startsWith('Lone Star Water Cooperative today completed')).toBe(true);
  });
});

describe('a news-agency dateline', () => {
  const { content } = importPlainText(`Senate Extends Rural Broadband Program

WASHINGTON (AP) — The Senate voted on Tuesday to extend the rural broadband program for another year, sending the bill to the president.
`);

  it('reads "WASHINGTON (AP) —" as the dateline', () => {
    expect(content.dateline).toBe('WASHINGTON');
    expect(content.body).toBe('The Senate voted on Tuesday to extend the rural broadband program for another year, sending the bill to the president.');
  });
});
