/**
 * The desk's lists and contacts pages. Each acts as the signed-in person through the same
 * use cases as the API, which authorize them: a viewer reads, an editor imports, corrects
 * contacts and sets early access, an administrator restores a suppressed address; another
 * organisation's list or contact is not found.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authorize } from '../../auth/actor.js';
import { roleAllows } from '../../auth/roles.js';
import { ContactPatch, importContacts, lastImport, ListName, listContacts, listLists, readContact, readList, setEarlyAccess, updateContact } from '../../contacts/contacts.service.js';
import { rejectedRowsCsv } from '../../contacts/rejected-csv.js';
import { readSuppression, readSuppressions, RestoreRequest, restoreAddress } from '../../contacts/suppressions.service.js';
import type { Context } from '../../context.js';
import { AppError } from '../../errors.js';
import { actorOf } from '../auth.js';
import type { FieldError } from '../../web/components/ErrorSummary.js';
import type { Messages } from '../../web/i18n/en.js';
import { ContactEdit, contactTextFields, fieldLabel, formValuesOf, type ContactFormValues, type ContactTextField } from '../../web/pages/ContactEdit.js';
import { ContactSearch } from '../../web/pages/ContactSearch.js';
import { ListsImport } from '../../web/pages/ListsImport.js';
import { ListsImportReport, reportHref } from '../../web/pages/ListsImportReport.js';
import { listHref, ListsIndex } from '../../web/pages/ListsIndex.js';
import { ListsPage } from '../../web/pages/ListsPage.js';
import { Suppressions } from '../../web/pages/Suppressions.js';
import { SuppressionsRestore } from '../../web/pages/SuppressionsRestore.js';
import { chosenFile, pageContext, UploadField } from './desk-scope.js';

const PAGE_SIZE = 50;

const ListParams = z.object({ name: z.string().min(1).max(80) });
const ContactParams = z.object({ id: z.string().min(1).max(64) });
const Page = z.object({ after: z.string().max(320).optional() });
const SearchQuery = Page.extend({ q: z.string().max(200).catch('') });

const ImportForm = z.object({ list: z.string().default(''), text: z.string().optional(), file: UploadField.optional() });
const EarlyAccessForm = z.object({ earlyAccess: z.enum(['yes', 'no']) });
const ContactForm = z.object({
  ...(Object.fromEntries(contactTextFields.map((f) => [f, z.string().default('')])) as Record<ContactTextField, z.ZodDefault<z.ZodString>>),
  embargoOk: z.enum(['yes', 'no', 'unknown']).default('unknown'),
  tracking: z.enum(['on', 'off']).optional(),
});

const csvFile = /\.(csv|tsv|txt)$/i;

/** Parse a page's input; input no form of ours sends is answered like a page that is not there. */
function parsed<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new AppError('NOT_FOUND', 'No such page');
  return result.data;
}

/** The CSV the import form holds, or what is wrong with it (by field id). */
function csvOf(t: Messages, form: z.infer<typeof ImportForm>): { csv: string | Buffer; field: 'text' | 'file' } | FieldError {
  const f = t.lists.importForm;
  const text = form.text?.trim() ? form.text : undefined;
  const file = chosenFile(form.file);
  if (text && file) return { field: 'text', message: f.both };
  if (text) return { csv: text, field: 'text' };
  if (!file) return { field: 'file', message: f.nothing };
  if (!csvFile.test(file.filename)) return { field: 'file', message: f.fileType };
  return { csv: file.content, field: 'file' };
}

/** A file-level problem of the import (not CSV, no email column, too many rows), pinned to the field the CSV came from. */
function fileProblems(t: Messages, err: AppError, field: string): FieldError[] {
  const details = err.issues.length ? err.issues.map((i) => i.message) : [err.message];
  return details.map((detail) => ({ field, message: `${t.lists.importForm.unreadable}: ${detail}` }));
}

/** The contact form as the use case takes it; the radio's third choice clears the flag. */
const patchOf = (form: z.infer<typeof ContactForm>) => {
  const { embargoOk, tracking, ...texts } = form;
  return { ...texts, embargoOk: embargoOk === 'unknown' ? null : embargoOk === 'yes', ...(tracking ? { trackingOff: tracking === 'off' } : {}) };
};

/** The contact form's fields can only be too long: every other value is accepted, or cleared when empty. */
function contactErrors(t: Messages, issues: readonly { path: readonly PropertyKey[]; maximum?: unknown }[]): FieldError[] {
  return issues.map((issue) => {
    const field = String(issue.path[0]) as ContactTextField;
    return { field, message: t.lists.edit.tooLong(fieldLabel(t, field), Number(issue.maximum)) };
  });
}

function restoreErrors(t: Messages, issues: readonly { path: readonly PropertyKey[]; code: string }[]): FieldError[] {
  return issues.filter((issue) => issue.path[0] === 'reason').map((issue) => ({ field: 'reason', message: issue.code === 'too_big' ? t.lists.restore.reasonTooLong : t.lists.restore.reasonMissing }));
}

export function deskListsRoutes(desk: FastifyInstance, ctx: Context): void {
  desk.get('/lists', async (request, reply) => {
    const actor = actorOf(request);
    const rows = await listLists(ctx, actor);
    const lists = rows.map((l) => ({ name: l.name, members: Number(l.members), earlyAccess: l.early_access === 1, createdAt: l.created_at }));
    return reply.html(<ListsIndex ctx={await pageContext(ctx, request, reply)} lists={lists} mayImport={roleAllows(actor.role, 'edit')} />);
  });

  const existingNames = async (request: FastifyRequest) => (await listLists(ctx, actorOf(request))).map((l) => l.name);

  desk.get('/lists/import', async (request, reply) => {
    // A form only an editor can send is not shown to anyone else.
    authorize(actorOf(request), 'edit');
    const { list } = parsed(z.object({ list: z.string().max(80).optional() }), request.query);
    return reply.html(<ListsImport ctx={await pageContext(ctx, request, reply)} list={list} existing={await existingNames(request)} />);
  });

  // Media-list exports are larger than the desk's other forms allow: this form alone takes
  // a file up to the import limit the API has (CSV_IMPORT_MAX_BYTES).
  desk.post('/lists/import', { config: { multipartOptions: { limits: { fileSize: ctx.config.csvImport.maxBytes } } } }, async (request, reply) => {
    const page = await pageContext(ctx, request, reply);
    const form = ImportForm.safeParse(request.body ?? {});
    const values = form.success ? form.data : { list: '' };
    const again = async (status: number, errors: FieldError[]) =>
      reply.code(status).html(<ListsImport ctx={page} list={values.list} text={values.text} existing={await existingNames(request)} errors={errors} />);
    const listErrors: FieldError[] = ListName.test(values.list.trim()) ? [] : [{ field: 'list', message: page.t.lists.importForm.listInvalid }];
    const source = form.success ? csvOf(page.t, form.data) : { field: 'file', message: page.t.lists.importForm.nothing };
    if ('message' in source) return again(400, [...listErrors, source]);
    if (listErrors.length > 0) return again(400, listErrors);
    try {
      const report = await importContacts(ctx, actorOf(request), values.list, source.csv, ctx.config.csvImport);
      return reply.redirect(reportHref(report.list.name), 303);
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'VALIDATION' && err.code !== 'TOO_LARGE')) throw err;
      return again(err.code === 'TOO_LARGE' ? 413 : 400, fileProblems(page.t, err, source.field));
    }
  });

  desk.get('/lists/:name', async (request, reply) => {
    const actor = actorOf(request);
    const { name } = parsed(ListParams, request.params);
    const { after } = parsed(Page, request.query);
    const list = await readList(ctx, actor, name);
    const { contacts, next } = await listContacts(ctx, actor, { list: name, after, limit: PAGE_SIZE });
    return reply.html(
      <ListsPage ctx={await pageContext(ctx, request, reply)} list={{ name: list.name, members: Number(list.members), earlyAccess: list.early_access === 1 }} contacts={contacts} next={next} mayEdit={roleAllows(actor.role, 'edit')} />,
    );
  });

  desk.post('/lists/:name/early-access', async (request, reply) => {
    const { name } = parsed(ListParams, request.params);
    const form = EarlyAccessForm.safeParse(request.body ?? {});
    if (!form.success) throw new AppError('VALIDATION', 'Say whether the list gets early access', { issues: [{ field: 'earlyAccess', message: 'is yes or no' }] });
    await setEarlyAccess(ctx, actorOf(request), name, form.data.earlyAccess === 'yes');
    return reply.redirect(listHref(name), 303);
  });

  desk.get('/lists/:name/last-import', async (request, reply) => {
    const { name } = parsed(ListParams, request.params);
    const last = await lastImport(ctx, actorOf(request), name);
    return reply.html(<ListsImportReport ctx={await pageContext(ctx, request, reply)} list={name} last={last} />);
  });

  desk.get('/lists/:name/last-import/rejected.csv', async (request, reply) => {
    const { name } = parsed(ListParams, request.params);
    const last = await lastImport(ctx, actorOf(request), name);
    if (!last) throw new AppError('NOT_FOUND', `Nothing has been imported into "${name}"`);
    const { t } = await pageContext(ctx, request, reply);
    const filename = `${name.replace(/[^A-Za-z0-9_.-]+/g, '-')}-rejected-rows.csv`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .send(rejectedRowsCsv(last.record, { row: t.lists.report.row, reason: t.lists.report.reason }));
  });

  desk.get('/contacts', async (request, reply) => {
    const actor = actorOf(request);
    const { q, after } = parsed(SearchQuery, request.query);
    const { contacts, next } = await listContacts(ctx, actor, { q, after, limit: PAGE_SIZE });
    return reply.html(<ContactSearch ctx={await pageContext(ctx, request, reply)} q={q} contacts={contacts} next={next} mayEdit={roleAllows(actor.role, 'edit')} />);
  });

  desk.get('/contacts/:id/edit', async (request, reply) => {
    const actor = actorOf(request);
    authorize(actor, 'edit');
    const contact = await readContact(ctx, actor, parsed(ContactParams, request.params).id);
    const saved = z.object({ saved: z.literal('1').optional().catch(undefined) }).parse(request.query ?? {}).saved === '1';
    return reply.html(<ContactEdit ctx={await pageContext(ctx, request, reply)} contact={contact} values={formValuesOf(contact)} saved={saved} />);
  });

  desk.post('/contacts/:id/edit', async (request, reply) => {
    const actor = actorOf(request);
    const { id } = parsed(ContactParams, request.params);
    const form = ContactForm.safeParse(request.body ?? {});
    if (!form.success) throw new AppError('VALIDATION', 'The form is not valid', { issues: [{ message: 'fields are missing or repeated' }] });
    const page = await pageContext(ctx, request, reply);
    const again = async (errors: FieldError[]) => {
      const values: ContactFormValues = { texts: { ...form.data }, embargoOk: form.data.embargoOk, tracking: form.data.tracking ?? 'on' };
      return reply.code(400).html(<ContactEdit ctx={page} contact={await readContact(ctx, actor, id)} values={values} saved={false} errors={errors} />);
    };
    const patch = ContactPatch.safeParse(patchOf(form.data));
    if (!patch.success) return again(contactErrors(page.t, patch.error.issues));
    try {
      await updateContact(ctx, actor, id, patch.data);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'VALIDATION' || !err.issues.some((i) => i.field === 'language')) throw err;
      return again([{ field: 'language', message: page.t.lists.edit.languageUnknown }]);
    }
    return reply.redirect(`/contacts/${encodeURIComponent(id)}/edit?saved=1`, 303);
  });

  desk.get('/suppressions', async (request, reply) => {
    const actor = actorOf(request);
    const { after, restored } = parsed(Page.extend({ restored: z.string().max(320).optional() }), request.query);
    const rows = await readSuppressions(ctx, actor, { after, limit: PAGE_SIZE + 1 });
    const shown = rows.slice(0, PAGE_SIZE);
    const next = rows.length > PAGE_SIZE ? shown.at(-1)!.email : null;
    return reply.html(<Suppressions ctx={await pageContext(ctx, request, reply)} rows={shown} next={next} mayRestore={roleAllows(actor.role, 'admin')} restored={restored} />);
  });

  desk.get('/suppressions/restore', async (request, reply) => {
    const actor = actorOf(request);
    // Restoring is an administrator's act: nobody else is offered the form.
    authorize(actor, 'admin');
    const { email } = parsed(z.object({ email: z.string().min(3).max(320) }), request.query);
    const suppression = await readSuppression(ctx, actor, email);
    const page = await pageContext(ctx, request, reply);
    return reply.html(<SuppressionsRestore ctx={page} email={suppression.email} was={page.t.lists.suppressions.reasons[suppression.reason]} />);
  });

  desk.post('/suppressions/restore', async (request, reply) => {
    const actor = actorOf(request);
    // Refused before the form is read, so someone else learns nothing from its errors.
    authorize(actor, 'admin');
    const form = RestoreRequest.safeParse(request.body ?? {});
    if (!form.success) {
      const body = parsed(z.object({ email: z.string().min(3).max(320), reason: z.string().max(2000).catch('') }), request.body);
      const suppression = await readSuppression(ctx, actor, body.email);
      const page = await pageContext(ctx, request, reply);
      const errors = restoreErrors(page.t, form.error.issues);
      return reply.code(400).html(<SuppressionsRestore ctx={page} email={suppression.email} was={page.t.lists.suppressions.reasons[suppression.reason]} reason={body.reason} errors={errors} />);
    }
    const { email } = await restoreAddress(ctx, actor, form.data);
    return reply.redirect(`/suppressions?${new URLSearchParams({ restored: email })}`, 303);
  });
}
