/**
 * Organisations: each holds its own releases, lists, contacts, accounts, tokens, people and
 * audit log, and its own settings: two-person approval, and its identity in mail (see
 * `identity.ts`).
 */
import { z } from 'zod';
import { addressInput } from '../contacts/address.js';
import type { Db } from '../db/client.js';
import type { OrganisationRow } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { ThemeOverrides } from '../rendering/theme.js';
import { lineText } from '../text/control-characters.js';
import { Slug, uniqueSlug } from '../text/slug.js';
import { authorize, authorizeInstallAdmin, type Actor } from '../auth/actor.js';
import { audit } from '../auth/audit.js';

export const OrgName = lineText().trim().min(1, 'is empty').max(200);

export async function getOrganisation(db: Db, id: string): Promise<OrganisationRow> {
  const row = await db.kysely.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Organisation', id);
  return row;
}

/** By id or by name. */
export async function findOrganisation(db: Db, ref: string): Promise<OrganisationRow | undefined> {
  return db.kysely.selectFrom('organisations').selectAll().where((eb) => eb.or([eb('id', '=', ref), eb('name', '=', ref)])).executeTakeFirst();
}

/** The organisation a fresh install created: it receives the data-directory admin token. */
export async function firstOrganisation(db: Db): Promise<OrganisationRow> {
  return db.kysely.selectFrom('organisations').selectAll().orderBy('created_at').orderBy('id').limit(1).executeTakeFirstOrThrow();
}

export const orgView = (o: OrganisationRow) => ({
  id: o.id,
  name: o.name,
  approval: o.approval,
  senderName: o.sender_name,
  senderAddress: o.sender_address,
  postalAddress: o.postal_address,
  theme: o.theme ? (JSON.parse(o.theme) as unknown) : null,
  tracking: o.tracking === 1 ? ('on' as const) : ('off' as const),
  softBounceLimit: o.soft_bounce_limit,
  softBounceWindowDays: o.soft_bounce_window_days,
  slug: o.slug,
  newsroomHost: o.newsroom_host,
  createdAt: new Date(o.created_at).toISOString(),
});

export async function addOrganisation(db: Db, actor: Actor, input: { name: string }, now = Date.now()) {
  authorizeInstallAdmin(actor);
  const name = OrgName.parse(input.name);
  if (await findOrganisation(db, name)) throw new AppError('CONFLICT', `An organisation named "${name}" already exists`);
  const taken = new Set((await db.kysely.selectFrom('organisations').select('slug').execute()).map((o) => o.slug));
  const row: OrganisationRow = { id: newId('org'), name, slug: uniqueSlug(name, taken), newsroom_host: null, sender_name: name, sender_address: null, postal_address: null, theme: null, approval: 'off', tracking: 1, soft_bounce_limit: 3, soft_bounce_window_days: 30, created_at: now, updated_at: now };
  await db.kysely.insertInto('organisations').values(row).execute();
  // Both logs tell it: the new organisation's (its first row) and the creator's own.
  for (const orgId of new Set([row.id, actor.orgId])) {
    await audit(db, actor, { action: 'organisation.create', object: { type: 'organisation', id: row.id }, state: orgView(row), detail: { name }, orgId }, now);
  }
  return orgView(row);
}

export async function listOrganisations(db: Db, actor: Actor) {
  authorizeInstallAdmin(actor);
  const rows = await db.kysely.selectFrom('organisations').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(orgView);
}

const settingParsers = {
  approval: z.enum(['off', 'required']),
  name: OrgName,
  'sender-name': lineText().trim().min(1).max(200),
  'sender-address': addressInput().transform((a) => a.address),
  'postal-address': z.string().trim().min(1).max(500),
  // Open pixel and click redirects in mail; a contact can still opt out alone.
  tracking: z.enum(['on', 'off']).transform((v) => (v === 'on' ? 1 : 0)),
  // So many soft bounces of one address within the window suppress it (see tracking/bounce-rules.ts).
  'soft-bounce-limit': z.coerce.number().int().min(1).max(100),
  'soft-bounce-window-days': z.coerce.number().int().min(1).max(365),
  // The newsroom's URL, /newsroom/<slug>; kept when the name changes.
  slug: Slug,
  // A host that serves the newsroom at / (its DNS pointed at this server); empty: none.
  'newsroom-host': z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .regex(/^$|^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a host name such as "news.example.org" (no scheme, port or path), or empty for none')
    .transform((v) => v || null),
  theme: z.string().transform((v, ctx) => {
    try {
      return JSON.stringify(ThemeOverrides.parse(JSON.parse(v)));
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `must be a JSON theme (${(err as Error).message.slice(0, 200)})` });
      return z.NEVER;
    }
  }),
} as const;
export type OrgSetting = keyof typeof settingParsers;
export const orgSettings = Object.keys(settingParsers) as OrgSetting[];

const columnOf = {
  approval: 'approval',
  name: 'name',
  'sender-name': 'sender_name',
  'sender-address': 'sender_address',
  'postal-address': 'postal_address',
  theme: 'theme',
  tracking: 'tracking',
  'soft-bounce-limit': 'soft_bounce_limit',
  'soft-bounce-window-days': 'soft_bounce_window_days',
  slug: 'slug',
  'newsroom-host': 'newsroom_host',
} as const;

/**
 * A setting's value as it would be stored, or a VALIDATION error naming the key: a form that
 * changes several settings checks them all before saving any.
 */
export function parseOrganisationSetting(key: string, value: string): string | number | null {
  if (!(key in settingParsers)) {
    throw new AppError('VALIDATION', `Unknown setting "${key}"`, { issues: [{ field: 'key', message: `must be one of ${orgSettings.join(', ')}` }] });
  }
  const parsed = settingParsers[key as OrgSetting].safeParse(value);
  if (!parsed.success) throw new AppError('VALIDATION', `The value for "${key}" is not valid`, { issues: [{ field: key, message: parsed.error.issues[0]!.message }] });
  return parsed.data;
}

export async function setOrganisationSetting(db: Db, actor: Actor, key: string, value: string, now = Date.now()) {
  authorize(actor, 'admin');
  const parsed = parseOrganisationSetting(key, value);
  if (key === 'name') {
    const other = await findOrganisation(db, String(parsed));
    if (other && other.id !== actor.orgId) throw new AppError('CONFLICT', `An organisation named "${parsed}" already exists`);
  }
  if ((key === 'slug' || key === 'newsroom-host') && parsed !== null) {
    const column = columnOf[key];
    const other = await db.kysely.selectFrom('organisations').select('id').where(column, '=', String(parsed)).where('id', '!=', actor.orgId).executeTakeFirst();
    if (other) throw new AppError('CONFLICT', `Another organisation's newsroom already uses the ${key} "${parsed}"`);
  }
  await db.kysely.updateTable('organisations').set({ [columnOf[key as OrgSetting]]: parsed, updated_at: now }).where('id', '=', actor.orgId).execute();
  const row = await getOrganisation(db, actor.orgId);
  await audit(db, actor, { action: 'organisation.setting', object: { type: 'organisation', id: row.id }, state: orgView(row), detail: { key, value: key === 'theme' ? '(theme)' : parsed } }, now);
  return orgView(row);
}

/**
 * Act for another organisation (`--org`): an administrator of the installation may, as that
 * organisation's admin; anyone else only for their own.
 */
export async function actingFor(db: Db, actor: Actor, ref: string | undefined): Promise<Actor> {
  if (ref === undefined) return actor;
  const org = await findOrganisation(db, ref);
  if (!org) throw notFound('Organisation', `"${ref}"`);
  if (org.id === actor.orgId) return actor;
  authorizeInstallAdmin(actor);
  return { ...actor, orgId: org.id, role: 'admin' };
}

/**
 * The development outbox is the installation's, not one organisation's: its administrators,
 * and the admins of the organisation a fresh install created, may read it.
 */
export async function authorizeOutbox(db: Db, actor: Actor): Promise<void> {
  authorize(actor, 'admin');
  if (!actor.installAdmin && actor.orgId !== (await firstOrganisation(db)).id) {
    throw new AppError('FORBIDDEN', 'The development outbox holds every organisation’s mail; only administrators of this installation can read it.');
  }
}

export async function currentOrganisation(db: Db, actor: Actor) {
  authorize(actor, 'read');
  return orgView(await getOrganisation(db, actor.orgId));
}
