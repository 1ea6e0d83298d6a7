/**
 * Releases written the way different offices write them, to check that the plain-text
 * importer follows conventions rather than the shape of the fixtures.
 */
import { describe, expect, it } from 'vitest';
import { importPlainText } from '../../../src/releases/import-text.js';

describe('a media advisory with WHAT/WHEN/WHERE fields and -ENDS-', () => {
  const { content } = importPlainText(`MEDIA ADVISORY

Contact: Priya Raman, Press Secretary, priya@riverwatch.example.org, 555-0142

Riverwatch Coalition to Rally at State Capitol Against Pipeline Permit

WHAT: Rally and press conference opposing the Delta Crossing pipeline permit
WHEN: Thursday, April 16, 2026, 11:00 a.m. – 12:30 p.m. PT
WHERE: West Steps, California State Capitol, 1315 10th St., Sacramento
WHO: Riverwatch Coalition members, tribal leaders, and local farmers

VISUALS: More than 300 people with banners and a 40-foot paper river.

"The Delta is not a pipeline corridor," said Tomas Whitehorse, chair of the Riverwatch Coalition. "We will be on the Capitol steps to remind the board who drinks this water."

-ENDS-
`);

  it('reads the kind, the headline and a contact written on the Contact: line', () => {
    expect(content.kind).toBe('media_advisory');
    expect(content.headline).toBe('Riverwatch Coalition to Rally at State Capitol Against Pipeline Permit');
    expect(content.subheadline).toBeUndefined();
    expect(content.contacts).toEqual([
      { name: 'Priya Raman', title: 'Press Secretary', email: 'priya@riverwatch.example.org', phone: '555-0142' },
    ]);
  });

  it('keeps the advisory fields on their own lines', () => {
    expect(content.body.startsWith('WHAT: Rally and press conference opposing the Delta Crossing pipeline permit\\\nWHEN: Thursday')).toBe(true);
    expect(content.dateline).toBeUndefined();
  });

  it('reads a quote with "said" before the name', () => {
    expect(content.quotes).toEqual([
      {
        text: 'The Delta is not a pipeline corridor. We will be on the Capitol steps to remind the board who drinks this water.',
        speaker: 'Tomas Whitehorse',
        title: 'chair of the Riverwatch Coalition',
      },
    ]);
    expect(content.body).not.toContain('ENDS');
  });
});

describe('a lawsuit release with a WASHINGTON, D.C. dateline and # # #', () => {
  const { content } = importPlainText(`FOR IMMEDIATE RELEASE
March 3, 2026

Contact: Marcus Bell | mbell@fairhousing.example.org | (202) 555-0187

Fair Housing Alliance Sues Landlord Network Over Source-of-Income Discrimination

WASHINGTON, D.C. — The National Fair Housing Alliance today filed a federal lawsuit against Capitol Residential Partners, alleging that the property manager systematically refused to rent to tenants who use housing vouchers across 42 buildings in the District.

Testers posing as voucher holders were turned away or ignored in 87 percent of inquiries, according to the complaint filed in the U.S. District Court for the District of Columbia.

"Refusing a voucher is refusing a family," said Executive Director Alicia Moreno. "Source-of-income discrimination has been illegal in the District for decades, and it is time the law meant something."

The complaint asks the court to order fair housing training, policy changes, and damages. Read the complaint at https://fairhousing.example.org/cases/capitol-residential.

The National Fair Housing Alliance is a nonprofit organization that works to end housing discrimination and ensure equal opportunity for all people through education, advocacy and enforcement.

# # #
`);

  it('reads the date line, the dateline and a one-line contact card', () => {
    expect(content.releaseDate).toBe('2026-03-03');
    expect(content.dateline).toBe('WASHINGTON, D.C.');
    expect(content.body.startsWith('The National Fair Housing Alliance today filed')).toBe(true);
    expect(content.contacts).toEqual([{ name: 'Marcus Bell', email: 'mbell@fairhousing.example.org', phone: '(202) 555-0187' }]);
  });

  it('has no subheadline and splits a title written before the name', () => {
    expect(content.subheadline).toBeUndefined();
    expect(content.quotes).toEqual([expect.objectContaining({ speaker: 'Alicia Moreno', title: 'Executive Director' })]);
  });

  it('takes the unheaded last paragraph as boilerplate, leaving the end mark out', () => {
    expect(content.boilerplate).toEqual({
      heading: 'About the National Fair Housing Alliance',
      text: expect.stringMatching(/^The National Fair Housing Alliance is a nonprofit organization/),
    });
    expect(content.body).not.toMatch(/# # #|is a nonprofit organization/);
    expect(content.links).toEqual([
      { label: 'fairhousing.example.org/cases/capitol-residential', url: 'https://fairhousing.example.org/cases/capitol-residential' },
    ]);
  });
});

describe('a statement typed without blank lines, ending in -30-', () => {
  const { content } = importPlainText(`FOR IMMEDIATE RELEASE
Contact: Sam Ortiz, sam@parks.example.org, 555-0100
STATEMENT FROM PARKS DIRECTOR SAM ORTIZ ON THE STATE BUDGET
SACRAMENTO, Calif. (June 2, 2026) — The budget signed today protects every state park from closure for the first time in a decade, and we are grateful to the Legislature for hearing the thousands of Californians who wrote in.
-30-
`);

  it('still tells the contact, the headline and the body apart', () => {
    expect(content.contacts).toEqual([{ name: 'Sam Ortiz', email: 'sam@parks.example.org', phone: '555-0100' }]);
    expect(content.headline).toBe('STATEMENT FROM PARKS DIRECTOR SAM ORTIZ ON THE STATE BUDGET');
    expect(content.kind).toBe('statement');
    expect(content.dateline).toBe('SACRAMENTO, Calif.');
    expect(content.releaseDate).toBe('2026-06-02');
    expect(content.body.startsWith('The budget signed today protects every state park')).toBe(true);
  });
});

describe('a release hard-wrapped by an email client', () => {
  const { content } = importPlainText(`NEWS RELEASE

For release: immediately

Media contact:
Jordan Lee
Director of Communications
Coastal Trust
jlee@coastaltrust.example.org
(415) 555-0123

Coastal Trust Protects 1,200 Acres of Marin Headlands
Ranch purchase completes a wildlife corridor from the coast to
Mount Tamalpais

MARIN COUNTY, Calif. -- Coastal Trust announced today that it has
completed the purchase of the 1,200-acre Redwood Creek Ranch, closing
the last gap in a wildlife corridor that runs from the Pacific coast
to Mount Tamalpais.

The ranch will remain a working cattle operation under a conservation
easement, and public trails will open in 2027.

Coastal Trust is a nonprofit land trust that has protected more than
30,000 acres of farmland and open space in the Bay Area since 1976.

- END -
`);

  it('joins wrapped lines of the subheadline and the paragraphs', () => {
    expect(content.headline).toBe('Coastal Trust Protects 1,200 Acres of Marin Headlands');
    expect(content.subheadline).toBe('Ranch purchase completes a wildlife corridor from the coast to Mount Tamalpais');
    expect(content.dateline).toBe('MARIN COUNTY, Calif.');
    expect(content.body).toContain('Coastal Trust announced today that it has completed the purchase');
  });

  it('reads a contact card laid out one field per line', () => {
    expect(content.contacts).toEqual([
      {
        name: 'Jordan Lee',
        title: 'Director of Communications',
        organization: 'Coastal Trust',
        email: 'jlee@coastaltrust.example.org',
        phone: '(415) 555-0123',
      },
    ]);
  });

  it('finds the boilerplate and stops at "- END -"', () => {
    expect(content.boilerplate?.heading).toBe('About Coastal Trust');
    expect(content.body).not.toMatch(/END|land trust/);
  });
});

describe('a city release under a letterhead', () => {
  const { content } = importPlainText(`Office of the Mayor
City of Riverton

FOR IMMEDIATE RELEASE: Monday, May 4, 2026
Contact: Press Office, 555-0199, press@riverton.example.gov

Mayor Alvarez Signs Tenant Protection Ordinance

Law caps move-in fees and requires 90 days' notice for rent increases

RIVERTON — Mayor Carmen Alvarez today signed the Tenant Protection Ordinance, which caps move-in fees at one month's rent and requires landlords to give 90 days' notice before any rent increase.

"Nobody should lose their home because of a surprise bill," Mayor Alvarez said. "This law gives families time to plan."

The ordinance takes effect July 1, 2026.

###
`);

  it('skips the letterhead above FOR IMMEDIATE RELEASE and reads the date on that line', () => {
    expect(content.headline).toBe('Mayor Alvarez Signs Tenant Protection Ordinance');
    expect(content.subheadline).toBe("Law caps move-in fees and requires 90 days' notice for rent increases");
    expect(content.releaseDate).toBe('2026-05-04');
    expect(content.contacts).toEqual([{ name: 'Press Office', email: 'press@riverton.example.gov', phone: '555-0199' }]);
  });

  it('reads a quote attributed after it with a title and surname', () => {
    expect(content.quotes).toEqual([
      { text: 'Nobody should lose their home because of a surprise bill. This law gives families time to plan.', speaker: 'Mayor Alvarez' },
    ]);
  });
});

describe('a wire release: /PRNewswire/ dateline, About before other sections, SOURCE line', () => {
  const { content } = importPlainText(`Brightline Solar Reaches 1 Gigawatt of Community Solar Capacity

DENVER, May 12, 2026 /PRNewswire/ -- Brightline Solar, a developer of community solar projects, today announced that its operating portfolio has passed one gigawatt of capacity across eight states, enough to power roughly 180,000 homes.

"Community solar lets renters and people without a suitable roof share in clean energy savings," said Jordan Ellis, CEO of Brightline Solar.

About Brightline Solar
Brightline Solar develops, builds and operates community solar projects in the United States. Learn more at www.brightlinesolar.example.com.

Forward-Looking Statements
This release contains forward-looking statements within the meaning of federal securities laws.

Media Contact:
Riley Chen
rchen@brightlinesolar.example.com

SOURCE Brightline Solar
`);

  it('reads the dateline with its date and wire tag', () => {
    expect(content.dateline).toBe('DENVER');
    expect(content.releaseDate).toBe('2026-05-12');
    expect(content.body.startsWith('Brightline Solar, a developer of community solar projects, today announced')).toBe(true);
  });

  it('ends the boilerplate at the next section and keeps that section in the body', () => {
    expect(content.boilerplate).toEqual({
      heading: 'About Brightline Solar',
      text: 'Brightline Solar develops, builds and operates community solar projects in the United States. Learn more at www.brightlinesolar.example.com.',
    });
    expect(content.body).toContain('Forward-Looking Statements');
    expect(content.body).not.toContain('SOURCE');
    expect(content.contacts).toEqual([{ name: 'Riley Chen', email: 'rchen@brightlinesolar.example.com' }]);
  });
});

describe('a release typed with no blank lines at all', () => {
  const { content } = importPlainText(`FOR IMMEDIATE RELEASE
March 5, 2026
Youth Orchestra Wins National Competition
CLEVELAND — The Northcoast Youth Orchestra won first place at the National Youth Orchestra Festival on Saturday, competing against 40 ensembles from 22 states.
"Our students rehearsed every Saturday morning for a year for this," said music director Paul Ferreira. "They earned every point."
The orchestra will perform a homecoming concert on March 21.
For more information, contact Dana Ruiz at dana@northcoastyouth.example.org or 216-555-0134.
###
`);

  it('still finds the paragraphs, the quote and the closing contact sentence', () => {
    expect(content.headline).toBe('Youth Orchestra Wins National Competition');
    expect(content.releaseDate).toBe('2026-03-05');
    expect(content.dateline).toBe('CLEVELAND');
    expect(content.body.split('\n\n')).toHaveLength(3);
    expect(content.quotes).toEqual([expect.objectContaining({ speaker: 'Paul Ferreira', title: 'music director' })]);
    expect(content.contacts).toEqual([{ name: 'Dana Ruiz', email: 'dana@northcoastyouth.example.org', phone: '216-555-0134' }]);
  });
});
