import { describe, expect, it } from 'vitest';
import { parseContactsCsv } from '../../../src/contacts/csv-import.js';

describe('the Tracking column of a media list', () => {
  it('reads no/off as tracking off, yes/on as on, and an empty cell as not said', async () => {
    const result = await parseContactsCsv(['Email,Tracking', 'a@x.test,no', 'b@x.test,OFF', 'c@x.test,yes', 'd@x.test,on', 'e@x.test,'].join('\r\n'));
    expect(result.contacts.map((c) => c.contact.tracking)).toEqual([false, false, true, true, undefined]);
  });

  it('refuses a value that says neither, naming the column', async () => {
    const result = await parseContactsCsv(['Email,Track Opens', 'a@x.test,perhaps'].join('\r\n'));
    expect(result.rejected).toEqual([expect.objectContaining({ row: 2, field: 'tracking', reason: "Track Opens 'perhaps' is not yes or no" })]);
  });
});
