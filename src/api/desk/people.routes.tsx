/**
 * The desk's pages about people: your own account (password, interface language, the
 * organisation you act for), and for administrators the organisation's people and API
 * tokens. Each acts through the same use cases as the API, which authorize and audit.
 * A secret made here (a sign-in link to hand over, a token) is shown on the answer page
 * itself: never put in a redirect URL, where histories and logs would keep it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createToken, listTokens, revokeToken, TokenRequest } from '../../auth/api-tokens.js';
import { NewPassword } from '../../auth/passwords.js';
import { RoleInput } from '../../auth/roles.js';
import type { Context } from '../../context.js';
import { AppError } from '../../errors.js';
import { hasPrefix } from '../../ids.js';
import { currentOrganisation } from '../../organisations/organisations.service.js';
import { ownAccount, setOwnLocale, switchOrganisation } from '../../people/own-account.js';
import { addUser, lastSignIns, listUsers, removeUser, setOwnPassword, setUserRole, UserRequest } from '../../people/users.js';
import { actorOf, type AuthDeps } from '../auth.js';
import type { FieldError } from '../../web/components/ErrorSummary.js';
import { fieldOf, parseForm } from '../../web/form-errors.js';
import { AccountPage, type AccountNotice } from '../../web/pages/Account.js';
import { AddPerson, PeopleList, PersonAdded, RemovePerson } from '../../web/pages/People.js';
import { NewToken, TokenCreated, TokensList, type TokenForm } from '../../web/pages/Tokens.js';
import { pageContext } from './desk-scope.js';

const PasswordForm = z.object({ password: NewPassword, confirm: z.string() }).refine((f) => f.password === f.confirm, { path: ['confirm'], message: 'is not the same password' });
const LanguageForm = z.object({ locale: z.enum(['en', 'es', 'browser']) });
const OrganisationForm = z.object({ org: z.string().min(1).max(100) });
const AccountQuery = z.object({ done: z.enum(['password', 'language']).optional().catch(undefined) });
const MemberForm = z.object({ email: z.string().min(1).max(320) });
const RoleForm = MemberForm.extend({ role: RoleInput });
/** The token form as a browser sends it: "" in the person's select means a service token. */
const TokenPageForm = TokenRequest.pick({ name: true, role: true }).extend({ user: z.string().trim().max(320).transform((u) => u || undefined) });

/** A form the page itself sends (hidden fields, a select): if it does not parse, it was not sent by the page. */
function parsed<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new AppError('VALIDATION', 'The form could not be read');
  return result.data;
}

/** Use-case refusals that are about what was typed (already a member, the last admin): said at the field. */
const refusalAt = (err: unknown, field: string): FieldError[] => {
  if (err instanceof AppError && (err.code === 'CONFLICT' || err.code === 'INVALID_STATE' || err.code === 'NOT_FOUND')) return [{ field, message: err.message }];
  throw err;
};

export function deskPeopleRoutes(desk: FastifyInstance, ctx: Context, auth: AuthDeps): void {
  const account = async (request: FastifyRequest, reply: FastifyReply, extra: { notice?: AccountNotice; errors?: FieldError[] } = {}) => {
    const actor = actorOf(request);
    const [org, own] = await Promise.all([currentOrganisation(ctx.db, actor), ownAccount(ctx.db, actor)]);
    const page = await pageContext(ctx, request, reply);
    return reply
      .code(extra.errors?.length ? 400 : 200)
      .html(<AccountPage ctx={page} email={actor.person.label} role={actor.role} orgName={org.name} hasPassword={own.hasPassword} locale={own.locale} {...extra} />);
  };

  desk.get('/account', async (request, reply) => account(request, reply, { notice: AccountQuery.parse(request.query).done }));

  desk.post('/account/password', async (request, reply) => {
    const { t } = await pageContext(ctx, request, reply);
    const form = parseForm(PasswordForm, request.body, t.people.problems);
    if (form.errors) return account(request, reply, { errors: form.errors });
    await setOwnPassword({ db: ctx.db, cost: ctx.config.auth.passwordCost }, actorOf(request), form.data.password, ctx.clock.now());
    return reply.redirect('/account?done=password', 303);
  });

  desk.post('/account/language', async (request, reply) => {
    const { t } = await pageContext(ctx, request, reply);
    const form = parseForm(LanguageForm, request.body, t.people.problems);
    if (form.errors) return account(request, reply, { errors: form.errors });
    await setOwnLocale(ctx.db, actorOf(request), form.data.locale === 'browser' ? null : form.data.locale, ctx.clock.now());
    return reply.redirect('/account?done=language', 303);
  });

  // To the releases, not the page it came from: that page may be the other organisation's, and not found here.
  desk.post('/account/organisation', async (request, reply) => {
    const { org } = parsed(OrganisationForm, request.body);
    await switchOrganisation(ctx.db, actorOf(request), auth.cookies.idOf(request) ?? '', org, ctx.clock.now());
    return reply.redirect('/releases', 303);
  });

  desk.get('/people', async (request, reply) => {
    const actor = actorOf(request);
    const [members, signIns] = await Promise.all([listUsers(ctx.db, actor), lastSignIns(ctx.db, actor)]);
    const rows = members.map((m) => ({ ...m, lastSignIn: signIns.get(m.id) }));
    return reply.html(<PeopleList ctx={await pageContext(ctx, request, reply)} members={rows} />);
  });

  desk.get('/people/new', async (request, reply) => {
    await listUsers(ctx.db, actorOf(request)); // admins only: the same check as adding
    return reply.html(<AddPerson ctx={await pageContext(ctx, request, reply)} />);
  });

  desk.post('/people/new', async (request, reply) => {
    const page = await pageContext(ctx, request, reply);
    const again = { email: fieldOf(request.body, 'email'), role: fieldOf(request.body, 'role') };
    const form = parseForm(UserRequest, request.body, page.t.people.problems);
    if (form.errors) return reply.code(400).html(<AddPerson ctx={page} {...again} errors={form.errors} />);
    try {
      const added = await addUser({ db: ctx.db, publicUrl: ctx.config.publicUrl }, actorOf(request), form.data, ctx.clock.now());
      return reply.html(<PersonAdded ctx={page} email={added.email} role={added.role} signInUrl={added.signInUrl} expiresAt={added.signInExpiresAt} />);
    } catch (err) {
      return reply.code(400).html(<AddPerson ctx={page} {...again} errors={refusalAt(err, 'email')} />);
    }
  });

  desk.post('/people/role', async (request, reply) => {
    const form = parsed(RoleForm, request.body);
    await setUserRole(ctx.db, actorOf(request), form.email, form.role, ctx.clock.now());
    return reply.redirect('/people', 303);
  });

  desk.get('/people/remove', async (request, reply) => {
    const { email } = parsed(MemberForm, request.query);
    const member = (await listUsers(ctx.db, actorOf(request))).find((m) => m.email === email);
    if (!member) throw new AppError('NOT_FOUND', `${email} is not a member of this organisation`);
    return reply.html(<RemovePerson ctx={await pageContext(ctx, request, reply)} email={member.email} />);
  });

  desk.post('/people/remove', async (request, reply) => {
    await removeUser(ctx.db, actorOf(request), parsed(MemberForm, request.body).email, ctx.clock.now());
    return reply.redirect('/people', 303);
  });

  desk.get('/people/tokens', async (request, reply) => {
    const tokens = await listTokens(ctx.db, actorOf(request));
    return reply.html(<TokensList ctx={await pageContext(ctx, request, reply)} tokens={tokens} />);
  });

  const tokenForm = async (request: FastifyRequest, reply: FastifyReply, form: TokenForm = {}, errors: FieldError[] = []) => {
    const members = (await listUsers(ctx.db, actorOf(request))).map((m) => m.email);
    return reply.code(errors.length ? 400 : 200).html(<NewToken ctx={await pageContext(ctx, request, reply)} members={members} form={form} errors={errors} />);
  };

  desk.get('/people/tokens/new', async (request, reply) => tokenForm(request, reply));

  desk.post('/people/tokens/new', async (request, reply) => {
    const page = await pageContext(ctx, request, reply);
    const again = { name: fieldOf(request.body, 'name'), role: fieldOf(request.body, 'role'), user: fieldOf(request.body, 'user') };
    const form = parseForm(TokenPageForm, request.body, page.t.people.problems);
    if (form.errors) return tokenForm(request, reply, again, form.errors);
    try {
      const created = await createToken(ctx.db, actorOf(request), { ...form.data, approvedSends: false }, ctx.clock.now());
      return reply.html(<TokenCreated ctx={page} name={created.name} token={created.token} />);
    } catch (err) {
      return tokenForm(request, reply, again, refusalAt(err, 'user'));
    }
  });

  desk.post('/people/tokens/:id/revoke', async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!hasPrefix(id, 'tok')) throw new AppError('NOT_FOUND', 'No such token');
    await revokeToken(ctx.db, actorOf(request), id, ctx.clock.now());
    return reply.redirect('/people/tokens', 303);
  });
}
