/** Social accounts that post releases: X, Bluesky and Mastodon. Credentials are never answered. */
import { z } from 'zod';
import { lineText } from '../text/control-characters.js';
import { Instant } from './common.js';
import { area } from './operation.js';

const network = z.enum(['x', 'bluesky', 'mastodon']);
const ArbitraryObject = z.record(z.string(), z.unknown());

const AddAccountBody = z.object({
  network,
  name: lineText().trim().min(1).max(200),
  settings: ArbitraryObject.optional().describe('Mastodon: {"instance"}; Bluesky: {"service"} when not https://bsky.social'),
  credentials: ArbitraryObject.optional().describe('The network’s credentials; leave out for a dry-run account. Never answered.'),
});
const AccountRef = z.object({ ref: z.string().min(1).max(250).describe('An account id, name or network:name') });

const AccountView = z.object({
  id: z.string(),
  network,
  name: z.string(),
  status: z.enum(['active', 'dry_run', 'needs_reconnect']),
  settings: ArbitraryObject,
  hasCredentials: z.boolean(),
  verifiedAt: Instant.nullable(),
  lastError: z.string().nullable(),
});
export type AccountView = z.infer<typeof AccountView>;

const VerifiedAccount = AccountView.extend({ handle: z.string().optional().describe('The account’s handle, as its network answered') });

export const accounts = area('accounts', {
  add: { method: 'POST', url: '/accounts', summary: 'Add a social account; without credentials it runs in dry-run', body: AddAccountBody, response: { 201: AccountView } },
  list: { method: 'GET', url: '/accounts', summary: 'The social accounts', response: { 200: z.object({ accounts: z.array(AccountView) }) } },
  verify: { method: 'POST', url: '/accounts/:ref/verify', summary: 'Check an account’s credentials against its network', params: AccountRef, response: { 200: VerifiedAccount } },
});
