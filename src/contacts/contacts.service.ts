/**
 * Contacts and lists: importing a media-list export into a named list.
 * A contact is identified by its address (case-insensitive); importing again updates it.
 * The file is read completely before anything is written, so a file-level error imports nothing.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Insertable } from 'kysely';
import { authorize, type Actor } from '../auth/actor.js';
import { audit } from '../auth/audit.js';
import type { Db } from '../db/client.js';
import type { ContactsTable } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { parseContactsCsv, type ContactRecord, type ContactsCsv, type CsvInput, type CsvLimits } from './csv-import.js';

export interface ContactsDeps {
  db: Db;
  clock: { now(): number };
}

export interface ImportReport {
  list: { id: string; name: string };
  imported: number;
  updated: number;
  unchanged: number;
  duplicates: ContactsCsv['duplicates'];
  rejected: ContactsCsv['rejected'];
  warnings: ContactsCsv['warnings'];
  ignoredColumns: string[];
}

export const ListName = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,79}$/;

export function checkListName(name: string): string {
  const trimmed = name.trim();
  if (!ListName.test(trimmed)) {
    throw new AppError('VALIDATION', `List name "${name}" is not valid`, {
      issues: [{ field: 'list', message: 'must start with a letter or digit and hold only letters, digits, spaces, "_", "." or "-" (at most 80)' }],
    });
  }
  return trimmed;
}

type ContactFields = Omit<Insertable<ContactsTable>, 'id' | 'org_id' | 'created_at' | 'updated_at'>;

function fieldsOf(c: ContactRecord): ContactFields {
  return {
    email: c.email,
    email_key: c.emailKey,
    name: c.name ?? null,
    first_name: c.firstName ?? null,
    last_name: c.lastName ?? null,
    outlet: c.outlet ?? null,
    title: c.title ?? null,
    beat: c.beat ?? null,
    city: c.city ?? null,
    region: c.region ?? null,
    country: c.country ?? null,
    language: c.language ?? null,
    twitter: c.twitter ?? null,
    phone: c.phone ?? null,
    embargo_ok: c.embargoOk === undefined ? null : c.embargoOk ? 1 : 0,
  };
}

/** Only what the file says overwrites what we know: an empty cell never erases a stored value. */
function changesFor(existing: Record<string, unknown>, incoming: ContactFields): Partial<ContactFields> {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(incoming)) {
    if (value !== null && value !== existing[key]) changes[key] = value;
  }
  return changes as Partial<ContactFields>;
}

async function ensureList(db: Db, orgId: string, name: string, now: number): Promise<{ id: string; name: string }> {
  await db.kysely.insertInto('lists').values({ id: newId('lst'), org_id: orgId, name, created_at: now }).onConflict((oc) => oc.columns(['org_id', 'name']).doNothing()).execute();
  return db.kysely.selectFrom('lists').select(['id', 'name']).where('org_id', '=', orgId).where('name', '=', name).executeTakeFirstOrThrow();
}

const chunkSize = 500;

type Counts = Pick<ImportReport, 'imported' | 'updated' | 'unchanged'>;

/** One chunk of contacts into the list: new ones inserted, known ones updated where the file says more. */
async function writeChunk(trx: Db['kysely'], orgId: string, listId: string, chunk: ContactFields[], now: number, counts: Counts): Promise<void> {
  const existing = await trx.selectFrom('contacts').selectAll().where('org_id', '=', orgId).where('email_key', 'in', chunk.map((c) => c.email_key)).execute();
  const byKey = new Map(existing.map((row) => [row.email_key, row]));
  const fresh = chunk.filter((c) => !byKey.has(c.email_key)).map((c) => ({ ...c, id: newId('ct'), org_id: orgId, created_at: now, updated_at: now }));
  if (fresh.length > 0) await trx.insertInto('contacts').values(fresh).execute();
  counts.imported += fresh.length;
  for (const c of chunk) {
    const row = byKey.get(c.email_key);
    if (!row) continue;
    const changes = changesFor(row, c);
    if (Object.keys(changes).length === 0) {
      counts.unchanged++;
      continue;
    }
    await trx.updateTable('contacts').set({ ...changes, updated_at: now }).where('id', '=', row.id).execute();
    counts.updated++;
  }
  const ids = [...fresh.map((c) => c.id), ...existing.map((r) => r.id)];
  if (ids.length > 0) {
    await trx
      .insertInto('list_members')
      .values(ids.map((contact_id) => ({ list_id: listId, contact_id, created_at: now })))
      .onConflict((oc) => oc.columns(['list_id', 'contact_id']).doNothing())
      .execute();
  }
}

/**
 * Each chunk is its own short transaction, with a turn of the event loop between chunks:
 * one transaction for a whole 60 MB file would hold SQLite's single connection (and the
 * process) for tens of seconds, and sending and /healthz with it. An import cut short
 * keeps the chunks written; importing the file again completes it, since a known address
 * is updated, never duplicated.
 */
export async function importContacts(deps: ContactsDeps, actor: Actor, listName: string, csv: CsvInput, limits: CsvLimits): Promise<ImportReport> {
  authorize(actor, 'edit');
  const name = checkListName(listName);
  const parsed = await parseContactsCsv(csv, limits);
  const now = deps.clock.now();
  const counts: Counts = { imported: 0, updated: 0, unchanged: 0 };
  const list = await ensureList(deps.db, actor.orgId, name, now);
  for (let i = 0; i < parsed.contacts.length; i += chunkSize) {
    const chunk = parsed.contacts.slice(i, i + chunkSize).map((r) => fieldsOf(r.contact));
    await deps.db.kysely.transaction().execute((trx) => writeChunk(trx, actor.orgId, list.id, chunk, now, counts));
    await nextTurn();
  }

  const members = await deps.db.kysely.selectFrom('list_members').select('contact_id').where('list_id', '=', list.id).orderBy('contact_id').execute();
  await audit(deps.db, actor, {
    action: 'list.import',
    object: { type: 'list', id: list.id },
    state: { list, members: members.map((m) => m.contact_id) },
    detail: { name, ...counts, rejected: parsed.rejected.length },
  }, deps.clock.now());
  return {
    list,
    ...counts,
    duplicates: parsed.duplicates,
    rejected: parsed.rejected,
    warnings: parsed.warnings,
    ignoredColumns: parsed.ignoredColumns,
  };
}

export async function listLists(deps: ContactsDeps, actor: Actor) {
  authorize(actor, 'read');
  return deps.db.kysely
    .selectFrom('lists')
    .leftJoin('list_members', 'list_members.list_id', 'lists.id')
    .select(['lists.id', 'lists.name', 'lists.early_access', 'lists.created_at'])
    .where('lists.org_id', '=', actor.orgId)
    .select((eb) => eb.fn.count<number>('list_members.contact_id').as('members'))
    .groupBy(['lists.id', 'lists.name', 'lists.early_access', 'lists.created_at'])
    .orderBy('lists.name')
    .execute();
}

/** Mark a list early-access: its members get embargoed releases before the lift. */
export async function setEarlyAccess(deps: ContactsDeps, actor: Actor, name: string, earlyAccess: boolean): Promise<{ name: string; earlyAccess: boolean }> {
  authorize(actor, 'edit');
  const result = await deps.db.kysely.updateTable('lists').set({ early_access: earlyAccess ? 1 : 0 }).where('org_id', '=', actor.orgId).where('name', '=', name).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound('List', `"${name}"`);
  await audit(deps.db, actor, { action: 'list.update', object: { type: 'list', id: name }, state: { name, earlyAccess }, detail: { earlyAccess } }, deps.clock.now());
  return { name, earlyAccess };
}

/** Resolve list names to ids, naming every list that does not exist. */
export async function resolveLists(db: Db, orgId: string, names: string[]): Promise<{ id: string; name: string }[]> {
  const wanted = [...new Set(names.map((n) => n.trim()))];
  if (wanted.length === 0) throw new AppError('VALIDATION', 'Name at least one list to send to', { issues: [{ field: 'lists', message: 'is empty' }] });
  const rows = await db.kysely.selectFrom('lists').select(['id', 'name']).where('org_id', '=', orgId).where('name', 'in', wanted).execute();
  const missing = wanted.filter((n) => !rows.some((r) => r.name === n));
  if (missing.length === 1) throw notFound('List', `"${missing[0]}"`);
  if (missing.length > 1) throw new AppError('NOT_FOUND', `Lists not found: ${missing.map((m) => `"${m}"`).join(', ')}`);
  return wanted.map((n) => rows.find((r) => r.name === n)!);
}
