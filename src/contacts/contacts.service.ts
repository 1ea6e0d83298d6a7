/**
 * Contacts and lists: importing a media-list export into a named list, reading lists and
 * contacts, and correcting a contact.
 * A contact is identified by its address (case-insensitive); importing again updates it.
 * The file is read completely before anything is written, so a file-level error imports nothing.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql, type Insertable, type Selectable } from 'kysely';
import { z } from 'zod';
import { authorize, type Actor } from '../auth/actor.js';
import { audit, lastDoneTo } from '../auth/audit.js';
import type { Db } from '../db/client.js';
import type { ContactsTable } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { normalizeLanguage } from '../i18n/languages.js';
import { lineText } from '../text/control-characters.js';
import { parseContactsCsv, type ContactRecord, type ContactsCsv, type CsvInput, type CsvLimits } from './csv-import.js';
import { maxLengths } from './csv-row.js';
import { importDetail, importRecordIn, type ImportRecord } from './import-record.js';

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
    // Left out unless the file says: an import never turns tracking back on by omission.
    ...(c.tracking === undefined ? {} : { tracking_off: c.tracking ? 0 : 1 }),
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
  const fresh = chunk.filter((c) => !byKey.has(c.email_key)).map((c) => ({ tracking_off: 0 as const, ...c, id: newId('ct'), org_id: orgId, created_at: now, updated_at: now }));
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
    detail: importDetail(name, counts, parsed),
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

function listsWithCounts(db: Db, orgId: string) {
  return db.kysely
    .selectFrom('lists')
    .leftJoin('list_members', 'list_members.list_id', 'lists.id')
    .select(['lists.id', 'lists.name', 'lists.early_access', 'lists.created_at'])
    .where('lists.org_id', '=', orgId)
    .select((eb) => eb.fn.count<number>('list_members.contact_id').as('members'))
    .groupBy(['lists.id', 'lists.name', 'lists.early_access', 'lists.created_at']);
}

export async function listLists(deps: ContactsDeps, actor: Actor) {
  authorize(actor, 'read');
  return listsWithCounts(deps.db, actor.orgId).orderBy('lists.name').execute();
}

/** One list of the actor's organisation, by name, with its member count. */
export async function readList(deps: ContactsDeps, actor: Actor, name: string) {
  authorize(actor, 'read');
  const list = await listsWithCounts(deps.db, actor.orgId).where('lists.name', '=', name).executeTakeFirst();
  if (!list) throw notFound('List', `"${name}"`);
  return list;
}

/** The report of the latest import into a list, as its audit row keeps it. */
export async function lastImport(deps: ContactsDeps, actor: Actor, name: string): Promise<{ by: string; at: string; record: ImportRecord } | undefined> {
  const list = await readList(deps, actor, name);
  const done = await lastDoneTo(deps.db, actor, { type: 'list', id: list.id }, 'list.import');
  const record = done ? importRecordIn(done.detail) : undefined;
  return done && record ? { by: done.by, at: done.at, record } : undefined;
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

type ContactRow = Selectable<ContactsTable>;

/** A contact as the API and the desk show it. */
export function contactView(row: ContactRow) {
  return {
    id: row.id,
    email: row.email,
    name: row.name ?? ([row.first_name, row.last_name].filter(Boolean).join(' ') || null),
    outlet: row.outlet,
    title: row.title,
    beat: row.beat,
    city: row.city,
    region: row.region,
    country: row.country,
    language: row.language,
    twitter: row.twitter,
    phone: row.phone,
    embargoOk: row.embargo_ok === null ? null : row.embargo_ok === 1,
    /** The contact asked not to be tracked: no open pixel, direct links. */
    trackingOff: row.tracking_off === 1,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
export type ContactView = ReturnType<typeof contactView>;

export interface ContactsQuery {
  /** Only the members of this list. */
  list?: string;
  /** Part of a name, address or outlet, in any case. */
  q?: string;
  /** Continue after this address (pages run by address). */
  after?: string;
  limit: number;
}

const likePattern = (text: string): string => `%${text.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** Contacts of the actor's organisation by address, one page at a time; `next` is where the next page starts. */
export async function listContacts(deps: ContactsDeps, actor: Actor, query: ContactsQuery): Promise<{ contacts: ContactView[]; next: string | null }> {
  authorize(actor, 'read');
  let q = deps.db.kysely.selectFrom('contacts').selectAll('contacts').where('contacts.org_id', '=', actor.orgId);
  if (query.list !== undefined) {
    const list = await readList(deps, actor, query.list);
    q = q.innerJoin('list_members', 'list_members.contact_id', 'contacts.id').where('list_members.list_id', '=', list.id);
  }
  const text = query.q?.trim();
  if (text) {
    const pattern = likePattern(text);
    const columns = ['contacts.name', 'contacts.first_name', 'contacts.last_name', 'contacts.email_key', 'contacts.outlet'] as const;
    q = q.where((eb) => eb.or(columns.map((c) => sql<boolean>`lower(${sql.ref(c)}) like ${pattern} escape '\\'`)));
  }
  if (query.after) q = q.where('contacts.email_key', '>', query.after);
  const rows = await q.orderBy('contacts.email_key').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  return { contacts: page.map(contactView), next: rows.length > query.limit ? page.at(-1)!.email_key : null };
}

async function contactRow(db: Db, orgId: string, id: string): Promise<ContactRow> {
  const row = await db.kysely.selectFrom('contacts').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Contact', id);
  return row;
}

export async function readContact(deps: ContactsDeps, actor: Actor, id: string): Promise<ContactView> {
  authorize(actor, 'read');
  return contactView(await contactRow(deps.db, actor.orgId, id));
}

const editableText = (max: number) => lineText().trim().max(max).nullable().optional();

/**
 * What may be changed on a contact; a field left out stays, an empty one is cleared. The
 * address is not here: it is the contact's identity, and a new address is a new contact.
 */
export const ContactPatch = z
  .object({
    name: editableText(maxLengths.name),
    outlet: editableText(maxLengths.outlet),
    title: editableText(maxLengths.title),
    beat: editableText(maxLengths.beat),
    city: editableText(maxLengths.city),
    region: editableText(maxLengths.region),
    country: editableText(maxLengths.country),
    twitter: editableText(maxLengths.twitter),
    phone: editableText(maxLengths.phone),
    /** A language as people name it ("Spanish", "es-MX"); stored as its primary subtag. */
    language: editableText(35),
    embargoOk: z.boolean().nullable().optional(),
    trackingOff: z.boolean().optional(),
  })
  .strict();
export type ContactPatch = z.infer<typeof ContactPatch>;

type Editable = Pick<ContactRow, 'name' | 'outlet' | 'title' | 'beat' | 'city' | 'region' | 'country' | 'twitter' | 'phone' | 'language' | 'embargo_ok' | 'tracking_off'>;

function columnsOf(patch: ContactPatch): Partial<Editable> {
  const { embargoOk, trackingOff, language, ...texts } = patch;
  const columns: Partial<Editable> = {};
  for (const [key, value] of Object.entries(texts) as [keyof typeof texts, string | null | undefined][]) {
    if (value !== undefined) columns[key] = value || null;
  }
  if (language !== undefined) {
    const code = language ? normalizeLanguage(language) : null;
    if (code === undefined) throw new AppError('VALIDATION', `"${language}" is not a language Presswire knows`, { issues: [{ field: 'language', message: 'is not a language Presswire knows (for example en, es or Spanish)' }] });
    columns.language = code;
  }
  if (embargoOk !== undefined) columns.embargo_ok = embargoOk === null ? null : embargoOk ? 1 : 0;
  if (trackingOff !== undefined) columns.tracking_off = trackingOff ? 1 : 0;
  return columns;
}

/** Change what is known of a contact; the audit row says what each changed field was and became. */
export async function updateContact(deps: ContactsDeps, actor: Actor, id: string, patch: ContactPatch): Promise<ContactView> {
  authorize(actor, 'edit');
  const before = await contactRow(deps.db, actor.orgId, id);
  const changed = Object.entries(columnsOf(patch)).filter(([key, value]) => before[key as keyof Editable] !== value);
  if (changed.length === 0) return contactView(before);
  const now = deps.clock.now();
  const set = Object.fromEntries(changed) as Partial<Editable>;
  await deps.db.kysely.updateTable('contacts').set({ ...set, updated_at: now }).where('org_id', '=', actor.orgId).where('id', '=', id).execute();
  const after = { ...before, ...set, updated_at: now };
  const changes = Object.fromEntries(changed.map(([key, value]) => [key, { from: before[key as keyof Editable], to: value }]));
  await audit(deps.db, actor, { action: 'contact.update', object: { type: 'contact', id }, state: contactView(after), detail: { email: before.email_key, changes } }, now);
  return contactView(after);
}
