/**
 * Social accounts: the organisation's X, Bluesky and Mastodon accounts. Credentials are
 * validated by the network's own schema, sealed at rest, and never leave this module in
 * clear: not in job data, not in logs, not in API answers. An account without
 * credentials runs in dry-run: posts are composed, checked and recorded, not published.
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { z } from 'zod';
import { authorize, type Actor } from '../auth/actor.js';
import { audit } from '../auth/audit.js';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/dialect.js';
import type { AccountStatus, SocialAccountsTable } from '../db/schema.js';
import { AppError, issuesFromZod, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { ChannelError } from '../channels/channel.js';
import type { NetworkId, SocialClient, SocialNetwork } from '../channels/social/network.js';
import { urlRefusal, type OutboundPolicy } from '../net/outbound-policy.js';
import { networkById } from '../channels/social/registry.js';
import type { SecretBox } from './secret-box.js';

export interface AccountsDeps {
  db: Db;
  secretBox: SecretBox;
  clock: { now(): number };
}

export interface SocialSettings {
  timeoutMs: number;
  caFile?: string;
  baseUrls: { x?: string; bluesky?: string };
  outbound: OutboundPolicy;
}

/** An account as the API shows it: everything but the credentials. */
export interface AccountView {
  id: string;
  network: NetworkId;
  name: string;
  status: AccountStatus;
  settings: Record<string, unknown>;
  hasCredentials: boolean;
  verifiedAt: string | null;
  lastError: string | null;
}

type AccountRow = SocialAccountsTable;

export const accountView = (row: AccountRow): AccountView => ({
  id: row.id,
  network: row.network,
  name: row.name,
  status: row.status,
  settings: JSON.parse(row.settings) as Record<string, unknown>,
  hasCredentials: row.credentials !== null,
  verifiedAt: row.verified_at === null ? null : new Date(row.verified_at).toISOString(),
  lastError: row.last_error,
});

function parseWith<S extends z.ZodTypeAny>(schema: S, value: unknown, field: string): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new AppError('VALIDATION', `The ${field} are not valid`, { issues: issuesFromZod(result.error.issues, field) });
  return result.data;
}

/**
 * An address the outbound policy refuses is refused here already, where people can correct
 * it; what its name resolves to is judged on each connection.
 */
function checkServiceUrl(network: SocialNetwork, settings: unknown, policy: OutboundPolicy): void {
  const field = network.serviceUrlSetting;
  // Settings passed their network's schema, an object; the named setting a URL (or absent).
  const value = field && (settings as Record<string, unknown>)[field];
  const refused = typeof value === 'string' ? urlRefusal(new URL(value), policy) : undefined;
  if (refused) throw new AppError('VALIDATION', 'The settings are not valid', { issues: [{ field: `settings.${field}`, message: refused }] });
}

export async function addAccount(
  deps: AccountsDeps & { social: Pick<SocialSettings, 'outbound'> },
  actor: Actor,
  input: { network: string; name: string; settings?: unknown; credentials?: unknown },
): Promise<AccountView> {
  authorize(actor, 'admin');
  const network = networkById(input.network);
  const settings = parseWith(network.settings, input.settings, 'settings');
  checkServiceUrl(network, settings, deps.social.outbound);
  const id = newId('acct');
  const credentials = input.credentials === undefined ? null : deps.secretBox.seal(parseWith(network.credentials, input.credentials, 'credentials'), id);
  const now = deps.clock.now();
  const row: AccountRow = {
    id,
    org_id: actor.orgId,
    network: network.id,
    name: input.name,
    status: credentials ? 'active' : 'dry_run',
    settings: JSON.stringify(settings),
    credentials,
    last_error: null,
    verified_at: null,
    created_at: now,
    updated_at: now,
  };
  try {
    await deps.db.kysely.insertInto('social_accounts').values(row).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', `There is already a ${network.name} account named "${input.name}"`);
    throw err;
  }
  const view = accountView(row);
  // The state hashed includes that credentials exist, never the credentials.
  await audit(deps.db, actor, { action: 'account.create', object: { type: 'account', id }, state: view, detail: { network: network.id, name: input.name, dryRun: !credentials } }, now);
  return view;
}

export async function listAccounts(deps: AccountsDeps, actor: Actor): Promise<AccountView[]> {
  authorize(actor, 'read');
  return (await deps.db.kysely.selectFrom('social_accounts').selectAll().where('org_id', '=', actor.orgId).orderBy('network').orderBy('name').execute()).map(accountView);
}

/** The accounts whose network refused their credentials: every desk page warns of them, so this stays one small query. */
export async function accountsNeedingReconnect(db: Db, actor: Actor): Promise<{ network: NetworkId; name: string }[]> {
  authorize(actor, 'read');
  return db.kysely.selectFrom('social_accounts').select(['network', 'name']).where('org_id', '=', actor.orgId).where('status', '=', 'needs_reconnect').orderBy('network').orderBy('name').execute();
}

/** An account by id, or by `name` / `network:name` as people write it. */
export async function findAccount(db: Db, orgId: string, ref: string): Promise<AccountRow> {
  const colon = ref.indexOf(':');
  const [network, name] = colon > 0 ? [ref.slice(0, colon), ref.slice(colon + 1)] : [undefined, ref];
  let query = db.kysely.selectFrom('social_accounts').selectAll().where('org_id', '=', orgId).where((eb) => eb.or([eb('name', '=', name), eb('id', '=', name)]));
  if (network) query = query.where('network', '=', network as NetworkId);
  const rows = await query.execute();
  if (rows.length === 0) throw notFound('Social account', ref);
  if (rows.length > 1) throw new AppError('CONFLICT', `"${ref}" names ${rows.length} accounts; write it as network:name, e.g. x:${ref}`);
  return rows[0]!;
}

/** A client for an account with credentials; the only place credentials are opened. */
export function clientFor(deps: Pick<AccountsDeps, 'secretBox'>, account: AccountRow, social: SocialSettings): SocialClient {
  if (!account.credentials) throw new AppError('INVALID_STATE', `Account ${account.name} has no credentials (dry run)`);
  const network = networkById(account.network);
  const credentials = parseWith(network.credentials, deps.secretBox.open(account.credentials, account.id), 'credentials');
  const baseUrl = account.network === 'x' ? social.baseUrls.x : account.network === 'bluesky' ? social.baseUrls.bluesky : undefined;
  const httpsAgent = social.caFile ? new https.Agent({ ca: readFileSync(social.caFile), keepAlive: true }) : undefined;
  return network.createClient(credentials, parseWith(network.settings, JSON.parse(account.settings), 'settings'), { timeoutMs: social.timeoutMs, baseUrl, httpsAgent, outbound: social.outbound });
}

export async function setAccountStatus(db: Db, id: string, status: AccountStatus, now: number, lastError: string | null, verified = false): Promise<void> {
  await db.kysely
    .updateTable('social_accounts')
    .set({ status, last_error: lastError, updated_at: now, ...(verified ? { verified_at: now } : {}) })
    .where('id', '=', id)
    .execute();
}

/** Check an account's credentials against its network; a refusal marks it for reconnection. Each check is audited: it changes the account's status or last error. */
export async function verifyAccount(deps: AccountsDeps & { social: SocialSettings }, actor: Actor, ref: string): Promise<AccountView & { handle?: string }> {
  authorize(actor, 'admin');
  const account = await findAccount(deps.db, actor.orgId, ref);
  if (!account.credentials) return accountView(account);
  const checked = async (outcome: 'verified' | 'refused' | 'unreachable') => {
    const view = accountView(await findAccount(deps.db, actor.orgId, account.id));
    await audit(deps.db, actor, { action: 'account.verify', object: { type: 'account', id: account.id }, state: view, detail: { network: account.network, name: account.name, outcome } }, deps.clock.now());
    return view;
  };
  try {
    const { handle } = await clientFor(deps, account, deps.social).verify();
    await setAccountStatus(deps.db, account.id, 'active', deps.clock.now(), null, true);
    return { ...(await checked('verified')), handle };
  } catch (err) {
    if (!(err instanceof ChannelError)) throw err;
    const status: AccountStatus = err.failure === 'auth' ? 'needs_reconnect' : account.status;
    await setAccountStatus(deps.db, account.id, status, deps.clock.now(), err.message);
    const view = await checked(err.failure === 'auth' ? 'refused' : 'unreachable');
    if (err.failure !== 'auth') throw new AppError('UNAVAILABLE', `Could not reach ${networkById(account.network).name} to verify ${account.name}: ${err.message}`);
    return view;
  }
}
