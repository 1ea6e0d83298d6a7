/**
 * An organisation's DKIM keys: generated or imported by its admins, sealed at rest like
 * social credentials, shown only as the DNS record to publish. The newest key signs; the
 * private key is opened only by the signing path (signing-keys.ts), never answered or audited.
 */
import type { SecretBox } from '../accounts/secret-box.js';
import { authorize, type Actor } from '../auth/actor.js';
import { audit } from '../auth/audit.js';
import type { DkimAlgorithm } from '../channels/email/dkim-signer.js';
import { domainOf, type Mailbox } from '../channels/email/mime.js';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/dialect.js';
import type { DkimKeysTable } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { getOrganisation } from '../organisations/organisations.service.js';
import { senderOf } from '../organisations/identity.js';
import { dnsRecordOf, generateKeyMaterial, importKeyMaterial, type DnsRecord, type KeyMaterial } from './key-material.js';

export interface DkimDeps {
  db: Db;
  secretBox: SecretBox;
  clock: { now(): number };
  config: { mailFrom: Mailbox };
}

/** A key as people see it: everything but the private key. */
export interface DkimKeyView {
  selector: string;
  domain: string;
  algorithm: DkimAlgorithm;
  active: boolean;
  createdAt: string;
  dnsRecord: DnsRecord;
}

/** The associated data a sealed key is bound to: copied onto another organisation or selector, it does not open. */
export const sealedKeyBinding = (row: Pick<DkimKeysTable, 'org_id' | 'selector'>): string => `dkim:${row.org_id}/${row.selector}`;

const viewOf = (row: DkimKeysTable): DkimKeyView => ({
  selector: row.selector,
  domain: row.domain,
  algorithm: row.algorithm,
  active: row.active === 1,
  createdAt: new Date(Number(row.created_at)).toISOString(),
  dnsRecord: dnsRecordOf({ ...row, publicKey: row.public_key }),
});

async function signingDomain(deps: DkimDeps, actor: Actor, domain: string | undefined): Promise<string> {
  if (domain) return domain.toLowerCase();
  return domainOf(senderOf(await getOrganisation(deps.db, actor.orgId), deps.config.mailFrom)).toLowerCase();
}

/** Store a new key as the one that signs: the others stay, inactive, until removed. */
async function storeKey(deps: DkimDeps, actor: Actor, input: { selector: string; domain?: string }, material: KeyMaterial, action: string): Promise<DkimKeyView> {
  authorize(actor, 'admin');
  const base = { org_id: actor.orgId, selector: input.selector.toLowerCase() };
  const row: DkimKeysTable = {
    ...base,
    domain: await signingDomain(deps, actor, input.domain),
    algorithm: material.algorithm,
    private_key: deps.secretBox.seal(material.privatePem, sealedKeyBinding(base)),
    public_key: material.publicKey,
    active: 1,
    created_at: deps.clock.now(),
  };
  try {
    await deps.db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('dkim_keys').set({ active: 0 }).where('org_id', '=', actor.orgId).execute();
      await trx.insertInto('dkim_keys').values(row).execute();
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', `There is already a DKIM key with selector "${row.selector}"; remove it first or choose another selector`);
    throw err;
  }
  const view = viewOf(row);
  await audit(deps.db, actor, { action, object: { type: 'dkim_key', id: row.selector }, state: view, detail: { selector: row.selector, domain: row.domain, algorithm: row.algorithm } }, row.created_at);
  return view;
}

export function generateKey(deps: DkimDeps, actor: Actor, input: { selector: string; algorithm: DkimAlgorithm; domain?: string }): Promise<DkimKeyView> {
  authorize(actor, 'admin');
  return storeKey(deps, actor, input, generateKeyMaterial(input.algorithm), 'dkim.generate');
}

export function importKey(deps: DkimDeps, actor: Actor, input: { selector: string; privateKey: string; algorithm?: DkimAlgorithm; domain?: string }): Promise<DkimKeyView> {
  authorize(actor, 'admin');
  return storeKey(deps, actor, input, importKeyMaterial(input.privateKey, input.algorithm), 'dkim.import');
}

export async function listKeys(deps: Pick<DkimDeps, 'db'>, actor: Actor): Promise<DkimKeyView[]> {
  authorize(actor, 'admin');
  const rows = await deps.db.kysely.selectFrom('dkim_keys').selectAll().where('org_id', '=', actor.orgId).orderBy('active', 'desc').orderBy('created_at', 'desc').execute();
  return rows.map(viewOf);
}

/** The key named by its selector, or the one that signs. */
export async function showKey(deps: Pick<DkimDeps, 'db'>, actor: Actor, selector?: string): Promise<DkimKeyView> {
  const keys = await listKeys(deps, actor);
  const key = selector ? keys.find((k) => k.selector === selector.toLowerCase()) : keys.find((k) => k.active);
  if (!key) throw selector ? notFound('DKIM key', `"${selector}"`) : notFound('DKIM key', '(none signs yet: run "presswire dkim generate --selector <name>")');
  return key;
}

/** The key that signs this organisation's mail, if any: for checks that anyone may read (no private key). */
export async function signingKeyOf(db: Db, orgId: string): Promise<{ selector: string; domain: string } | undefined> {
  return db.kysely.selectFrom('dkim_keys').select(['selector', 'domain']).where('org_id', '=', orgId).where('active', '=', 1).executeTakeFirst();
}

/** Remove a key; when it was the one that signs, the newest remaining key takes over. */
export async function removeKey(deps: DkimDeps, actor: Actor, selector?: string): Promise<{ removed: DkimKeyView; active: DkimKeyView | null }> {
  const removed = await showKey(deps, actor, selector);
  const next = await deps.db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('dkim_keys').where('org_id', '=', actor.orgId).where('selector', '=', removed.selector).execute();
    if (!removed.active) return undefined;
    const newest = await trx.selectFrom('dkim_keys').selectAll().where('org_id', '=', actor.orgId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    if (newest) await trx.updateTable('dkim_keys').set({ active: 1 }).where('org_id', '=', actor.orgId).where('selector', '=', newest.selector).execute();
    return newest && viewOf({ ...newest, active: 1 });
  });
  const detail = { selector: removed.selector, domain: removed.domain, algorithm: removed.algorithm, nowSigning: next?.selector ?? null };
  await audit(deps.db, actor, { action: 'dkim.remove', object: { type: 'dkim_key', id: removed.selector }, state: next ?? null, detail }, deps.clock.now());
  return { removed, active: next ?? (await listKeys(deps, actor)).find((k) => k.active) ?? null };
}
