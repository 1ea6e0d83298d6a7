/** Media lists: import a media-list export into a list, mark it early-access, list them; find and correct contacts; the addresses never mailed again. */
import { z } from 'zod';
import { ContactPatch } from '../contacts/contacts.service.js';
import { RestoreRequest } from '../contacts/suppressions.service.js';
import { Instant, Next, PageLimit } from './common.js';
import { area } from './operation.js';

const ListRef = z.object({ name: z.string().min(1).max(80) });
const ListPatch = z.object({ earlyAccess: z.boolean() }).strict();

const ImportReport = z.object({
  list: z.object({ id: z.string(), name: z.string() }),
  imported: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  duplicates: z.array(z.object({ row: z.number().int(), email: z.string(), firstRow: z.number().int() })),
  rejected: z.array(z.object({ row: z.number().int(), field: z.string().optional(), reason: z.string() })),
  warnings: z.array(z.object({ row: z.number().int(), message: z.string() })),
  ignoredColumns: z.array(z.string()),
});
export type ImportReport = z.infer<typeof ImportReport>;

const ListSummary = z.object({ id: z.string(), name: z.string(), earlyAccess: z.boolean(), members: z.number().int(), createdAt: Instant });

const EarlyAccess = z.object({ name: z.string(), earlyAccess: z.boolean() });

const Contact = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  outlet: z.string().nullable(),
  title: z.string().nullable(),
  beat: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  country: z.string().nullable(),
  language: z.string().nullable(),
  twitter: z.string().nullable(),
  phone: z.string().nullable(),
  embargoOk: z.boolean().nullable(),
  /** The contact asked not to be tracked: their copies have no open pixel and direct links. */
  trackingOff: z.boolean(),
  updatedAt: Instant,
});
const ContactsQuery = z.object({
  list: z.string().min(1).max(80).optional(),
  q: z.string().max(200).optional(),
  after: z.string().max(320).optional(),
  limit: PageLimit,
});
const ContactRef = z.object({ id: z.string().min(1).max(64) });

const Suppression = z.object({
  email: z.string(),
  reason: z.enum(['unsubscribed', 'bounced', 'complained', 'manual']),
  detail: z.string().nullable(),
  deliveryId: z.string().nullable(),
  /** The send the delivery belonged to. */
  distributionId: z.string().nullable(),
  since: Instant,
});
export type Suppression = z.infer<typeof Suppression>;
const SuppressionsQuery = z.object({ after: z.string().max(320).optional(), limit: PageLimit });

export const lists = area('lists', {
  importContacts: {
    method: 'POST',
    url: '/lists/:name/import',
    summary: 'Import a media-list export into a list (created when new); re-importing updates',
    params: ListRef,
    // The raw file, read as a stream: CSV_IMPORT_MAX_BYTES is enforced as it arrives.
    body: z.string().describe('The CSV file as exported: comma, semicolon or tab separated, with a header row'),
    consumes: ['text/csv', 'text/plain', 'application/csv'],
    response: { 200: ImportReport },
  },
  update: { method: 'PATCH', url: '/lists/:name', summary: 'Mark a list early-access: its members get embargoed releases before the lift', params: ListRef, body: ListPatch, response: { 200: EarlyAccess } },
  list: { method: 'GET', url: '/lists', summary: 'The media lists', response: { 200: z.object({ lists: z.array(ListSummary) }) } },
  contacts: {
    method: 'GET',
    url: '/contacts',
    summary: 'Contacts by address, of one list or all; q finds part of a name, address or outlet',
    querystring: ContactsQuery,
    response: { 200: z.object({ contacts: z.array(Contact), next: Next }) },
  },
  updateContact: {
    method: 'PATCH',
    url: '/contacts/:id',
    summary: 'Correct what is known of a contact (not its address); an empty field is cleared',
    params: ContactRef,
    body: ContactPatch,
    response: { 200: Contact },
  },
  suppressions: {
    method: 'GET',
    url: '/suppressions',
    summary: 'Addresses never mailed again (unsubscribed, bounced, complained), by address',
    querystring: SuppressionsQuery,
    response: { 200: z.object({ suppressions: z.array(Suppression), next: Next }) },
  },
  restore: {
    method: 'POST',
    url: '/suppressions/restore',
    summary: 'Mail a suppressed address again (admins; the reason goes to the audit log)',
    body: RestoreRequest,
    response: { 200: z.object({ email: z.string(), was: z.string() }) },
  },
});
