/**
 * The desk's social accounts: the list (everyone), adding one per network and verifying it
 * against its network (admins, as `addAccount` and `verifyAccount` require). The keys typed
 * into the add form go straight to `addAccount`, which seals them; a failed form comes back
 * without them.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { addAccount, listAccounts, verifyAccount } from '../../accounts/accounts.service.js';
import { authorize } from '../../auth/actor.js';
import { roleAllows } from '../../auth/roles.js';
import type { NetworkId } from '../../channels/social/network.js';
import type { Context } from '../../context.js';
import { AppError } from '../../errors.js';
import { actorOf } from '../auth.js';
import type { FieldError } from '../../web/components/ErrorSummary.js';
import type { Messages } from '../../web/i18n/en.js';
import { AccountsPage } from '../../web/pages/AccountsPage.js';
import { AddAccountPage, accountFields, type AccountForm } from '../../web/pages/AccountsAdd.js';
import { pageContext } from './desk-scope.js';

const NetworkParams = z.object({ network: z.enum(['x', 'bluesky', 'mastodon']) });
const AccountParams = z.object({ id: z.string().regex(/^acct_[0-9a-z]{25}$/) });
const AddForm = z.record(z.string(), z.string().max(5000));

/** What `addAccount` takes, from the form of one network; keys left empty make a dry-run account. */
function accountInput(network: NetworkId, form: AccountForm) {
  const name = (form.name ?? '').trim();
  const value = (id: string) => (form[id] ?? '').trim();
  const fields = accountFields[network];
  const hasKeys = fields.secrets.some((id) => value(id) !== '');
  const secrets = Object.fromEntries(fields.secrets.map((id) => [id, value(id)]));
  const credentials = network === 'bluesky' ? { identifier: name.replace(/^@/, ''), ...secrets } : secrets;
  return { network, name, settings: Object.fromEntries(fields.settings.map((id) => [id, value(id)])), credentials: hasKeys ? credentials : undefined };
}

/** `addAccount`'s problems ("credentials.appPassword", "settings.instance") at the form's fields. */
function addErrors(t: Messages, network: NetworkId, form: AccountForm, err: AppError): FieldError[] {
  const a = t.settings.accounts;
  if (err.code === 'CONFLICT') return [{ field: 'name', message: a.handleTaken }];
  const fields = accountFields[network];
  return err.issues.map((issue) => {
    const id = issue.field?.split('.')[1];
    const field = [...fields.secrets, ...fields.settings].find((f) => f === id);
    if (!field) return { field: 'name', message: a.fieldProblem(a.handle, issue.message) };
    return { field, message: (form[field] ?? '').trim() === '' ? a.missing(a[field]) : a.fieldProblem(a[field], issue.message) };
  });
}

export function deskAccountsRoutes(desk: FastifyInstance, ctx: Context): void {
  const deps = { ...ctx, social: ctx.config.social };

  desk.get('/accounts', async (request, reply) => {
    const actor = actorOf(request);
    const accounts = await listAccounts(ctx, actor);
    return reply.html(<AccountsPage ctx={await pageContext(ctx, request, reply)} accounts={accounts} mayManage={roleAllows(actor.role, 'admin')} />);
  });

  desk.get('/accounts/new/:network', async (request, reply) => {
    authorize(actorOf(request), 'admin');
    const { network } = parseParams(NetworkParams, request.params);
    return reply.html(<AddAccountPage ctx={await pageContext(ctx, request, reply)} network={network} form={{}} />);
  });

  desk.post('/accounts/new/:network', async (request, reply) => {
    const actor = actorOf(request);
    authorize(actor, 'admin');
    const { network } = parseParams(NetworkParams, request.params);
    const page = await pageContext(ctx, request, reply);
    const form = AddForm.catch({}).parse(request.body ?? {});
    const input = accountInput(network, form);
    const failed = (errors: FieldError[]) => reply.code(400).html(<AddAccountPage ctx={page} network={network} form={form} errors={errors} />);
    if (!input.name) return failed([{ field: 'name', message: page.t.settings.accounts.handleRequired }]);
    try {
      await addAccount(deps, actor, input);
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'VALIDATION' && err.code !== 'CONFLICT')) throw err;
      return failed(addErrors(page.t, network, form, err));
    }
    return reply.redirect('/accounts', 303);
  });

  desk.post('/accounts/:id/verify', async (request, reply) => {
    const { id } = parseParams(AccountParams, request.params);
    try {
      await verifyAccount(deps, actorOf(request), id);
    } catch (err) {
      // A network that could not be reached is the account's last problem, which the list shows beside it.
      if (!(err instanceof AppError) || err.code !== 'UNAVAILABLE') throw err;
    }
    return reply.redirect('/accounts', 303);
  });
}

/** A malformed network or account names nothing: answered as not found. */
function parseParams<S extends z.ZodTypeAny>(schema: S, params: unknown): z.infer<S> {
  const result = schema.safeParse(params);
  if (!result.success) throw new AppError('NOT_FOUND', 'No such page');
  return result.data;
}
