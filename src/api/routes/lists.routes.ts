import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { importContacts, listContacts, listLists, setEarlyAccess, updateContact } from '../../contacts/contacts.service.js';
import type { Context } from '../../context.js';
import { lists } from '../../contract/lists.js';
import { AppError } from '../../errors.js';
import { actorOf } from '../auth.js';
import { route } from '../route.js';
import { parseInput } from '../validate.js';

export function listsRoutes(app: FastifyInstance, ctx: Context): void {
  void app.register(async (scope) => {
    // CSV arrives as the raw request body (text/csv), exactly as exported; only this route reads it.
    // It stays a stream: the import reads it in slices and enforces CSV_IMPORT_MAX_BYTES as it goes.
    scope.addContentTypeParser([...lists.importContacts.consumes], (_req, payload, done) => done(null, payload));

    route(scope, lists.importContacts, async (request) => {
      const { name } = parseInput(lists.importContacts.params, request.params, 'params');
      if (!(request.body instanceof Readable)) {
        throw new AppError('VALIDATION', 'Send the CSV file as the request body with Content-Type: text/csv', { issues: [{ field: 'body', message: 'is not CSV' }] });
      }
      return importContacts(ctx, actorOf(request), name, request.body, ctx.config.csvImport);
    });
  });

  route(app, lists.update, async (request) => {
    const { name } = parseInput(lists.update.params, request.params, 'params');
    return setEarlyAccess(ctx, actorOf(request), name, parseInput(lists.update.body, request.body, 'body').earlyAccess);
  });

  route(app, lists.list, async (request) => ({
    lists: (await listLists(ctx, actorOf(request))).map((l) => ({
      id: l.id,
      name: l.name,
      earlyAccess: l.early_access === 1,
      members: Number(l.members),
      createdAt: new Date(l.created_at).toISOString(),
    })),
  }));

  route(app, lists.contacts, async (request) => listContacts(ctx, actorOf(request), parseInput(lists.contacts.querystring, request.query, 'query')));

  route(app, lists.updateContact, async (request) => {
    const { id } = parseInput(lists.updateContact.params, request.params, 'params');
    return updateContact(ctx, actorOf(request), id, parseInput(lists.updateContact.body, request.body, 'body'));
  });
}
