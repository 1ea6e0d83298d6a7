/**
 * Who a distribution goes to, as a typed value: the media lists it emails and the social
 * accounts it posts from. Stored as two JSON columns; parsed here and nowhere else, so a
 * row written by an older version (or by hand) fails loudly instead of sending wrongly.
 */
import { z } from 'zod';
import type { DistributionRow } from '../db/schema.js';

const StoredLists = z.object({ lists: z.array(z.string().startsWith('lst_')), corrects: z.string().startsWith('rel_').optional() });
const StoredChannels = z.array(z.union([z.literal('email'), z.string().regex(/^social:acct_[A-Za-z0-9_]+$/)]));

export interface Audience {
  /** Media list ids, emailed. */
  lists: string[];
  /** Social account ids, posted from. */
  accounts: string[];
  /** A correction goes to those whose copy of this release (the one corrected) was accepted. */
  corrects?: string;
}

const socialPrefix = 'social:';

export function audienceOf(row: Pick<DistributionRow, 'audience' | 'channels'>): Audience {
  const { lists, corrects } = StoredLists.parse(JSON.parse(row.audience));
  const channels = StoredChannels.parse(JSON.parse(row.channels));
  return { lists, accounts: channels.filter((c) => c.startsWith(socialPrefix)).map((c) => c.slice(socialPrefix.length)), ...(corrects ? { corrects } : {}) };
}

/** The channels an audience uses: `email` for lists, `social:<account>` per account (as stored, and as hashed for idempotency). */
export const channelsOf = (a: Audience): string[] => [...(a.lists.length || a.corrects ? ['email'] : []), ...a.accounts.map((id) => `${socialPrefix}${id}`)];

/** The two stored columns of an audience. */
export function storedAudience(a: Audience): Pick<DistributionRow, 'audience' | 'channels'> {
  return { audience: JSON.stringify({ lists: a.lists, ...(a.corrects ? { corrects: a.corrects } : {}) }), channels: JSON.stringify(channelsOf(a)) };
}
