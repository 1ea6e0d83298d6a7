/**
 * The sign-in pages: a password, a link by email, the first administrator, the account page
 * and sign-out. HTML forms only; every POST needs the form's CSRF token, and those that try a
 * credential share the sign-in rate limit. Failures are pages, not JSON.
 */
import { logUrl } from '../request-logging.js';
import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createFirstAdmin, firstAdminLinkOpen } from '../../people/first-admin.js';
import { getOrganisation } from '../../organisations/organisations.service.js';
import { NewPassword } from '../../auth/passwords.js';
import { signInGuards } from '../../auth/sign-in-guards.js';
import { findLink } from '../../auth/sign-in-links.js';
import { emailSignInLink, signInWithLink, signInWithPassword, signOut, type Attempt, type SignInDeps, type SignInOutcome } from '../../people/sign-in.js';
import { setOwnPassword } from '../../people/users.js';
import type { Mailer } from '../../channels/email/single-message.js';
import { addressInput } from '../../contacts/address.js';
import type { Context } from '../../context.js';
import { AppError, type Issue } from '../../errors.js';
import { accountPage, linkLandingPage, linkSentPage, messagePage, setupPage, signInPage, type PageContent } from '../../web/sign-in-pages.js';
import { sessionActorOf, type AuthDeps } from '../auth.js';
import { requireCsrf } from '../cookies.js';
import { statusFor } from '../error-handler.js';
import { page } from '../pages/layout.js';
import { rateLimiter } from '../rate-limits.js';

/** Where to go after signing in: a path of this site only (not `//host`), else nowhere in particular. */
const NextPath = z.string().max(2000).regex(/^\/(?![/\\])\S*$/).optional().catch(undefined);
const PasswordForm = z.object({ email: addressInput(), password: z.string().min(1, 'is empty').max(1024, 'is too long') });
const LinkForm = z.object({ email: addressInput() });
const NewPasswordForm = z.object({ password: NewPassword, confirm: z.string() }).refine((f) => f.password === f.confirm, { path: ['confirm'], message: 'is not the same password' });
const SetupForm = z.object({ email: addressInput(), password: NewPassword, confirm: z.string() }).refine((f) => f.password === f.confirm, { path: ['confirm'], message: 'is not the same password' });

const labels: Record<string, string> = { email: 'Email', password: 'Password', confirm: 'The password again' };

/** Parse a form; problems come back as issues naming the field's id on the page (`ids` renames). */
function parseForm<S extends z.ZodTypeAny>(schema: S, body: unknown, ids: Record<string, string> = {}): { data: z.infer<S>; issues?: undefined } | { data?: undefined; issues: Issue[] } {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { data: result.data };
  return {
    issues: result.error.issues.map((i) => {
      const name = String(i.path[0] ?? '');
      return { field: ids[name] ?? name, message: `${labels[name] ?? 'The form'} ${i.message}` };
    }),
  };
}

/** A field of the form as sent, to show it again beside its problems. */
const fieldOf = (body: unknown, name: string): string | undefined => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
};

export interface SignInRouteDeps extends AuthDeps {
  ctx: Context;
  mailer: Mailer;
}

export async function signInRoutes(scope: FastifyInstance, deps: SignInRouteDeps): Promise<void> {
  const { ctx, cookies } = deps;
  const signIn: SignInDeps = { db: ctx.db, mailer: deps.mailer, logger: ctx.logger, config: ctx.config, guards: signInGuards(ctx.redis, ctx.config.redis.prefix, ctx.config.auth) };
  await scope.register(formbody, { bodyLimit: 16 * 1024 });
  const limit = await rateLimiter(scope, ctx, 'sign-in', ctx.config.rateLimits.signIn);
  scope.addHook('preHandler', requireCsrf(scope));
  scope.setErrorHandler((err: FastifyError, request, reply) => page(reply, errorPage(err, ctx, request)));

  const attemptOf = (request: FastifyRequest): Attempt => ({ ip: request.ip, userAgent: request.headers['user-agent'], replacing: cookies.idOf(request) });
  const signedIn = (reply: FastifyReply, outcome: Extract<SignInOutcome, { kind: 'signed_in' }>, next?: string) => {
    cookies.set(reply, outcome.session, ctx.clock.now());
    return reply.redirect(next ?? '/account', 303);
  };

  scope.get('/sign-in', async (request, reply) => {
    const next = NextPath.parse((request.query as Record<string, unknown>).next);
    if (await sessionActorOf(request, deps)) return reply.redirect(next ?? '/account', 303);
    return page(reply, signInPage({ csrf: reply.generateCsrf(), next }));
  });

  scope.post('/sign-in', { onRequest: limit }, async (request, reply) => {
    const form = parseForm(PasswordForm, request.body);
    const email = fieldOf(request.body, 'email');
    const next = NextPath.parse(fieldOf(request.body, 'next'));
    if (form.issues) return page(reply, signInPage({ csrf: reply.generateCsrf(), email, next, issues: form.issues }));
    const outcome = await signInWithPassword(signIn, form.data.email, form.data.password, attemptOf(request), ctx.clock.now());
    if (outcome.kind === 'signed_in') return signedIn(reply, outcome, next);
    if (outcome.kind === 'refused') return page(reply, { ...signInPage({ csrf: reply.generateCsrf(), email, next, issues: [{ field: 'password', message: 'The email or the password is not right' }] }), status: 401 });
    const minutes = Math.ceil(outcome.retryAfterMs / 60_000);
    reply.header('retry-after', String(Math.ceil(outcome.retryAfterMs / 1000)));
    const message = `Too many failed passwords for this address: try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or sign in with a link by email`;
    return page(reply, { ...signInPage({ csrf: reply.generateCsrf(), email, next, issues: [{ field: 'link-email', message }] }), status: 429 });
  });

  scope.post('/sign-in/link', { onRequest: limit }, async (request, reply) => {
    const form = parseForm(LinkForm, request.body, { email: 'link-email' });
    if (form.issues) return page(reply, signInPage({ csrf: reply.generateCsrf(), issues: form.issues }));
    // Sent in the background: the answer takes as long, and says the same, whether the address has an account or not.
    void emailSignInLink(signIn, form.data.email, attemptOf(request), ctx.clock.now()).catch((err: unknown) => ctx.logger.error({ err }, 'sign-in link failed'));
    return page(reply, linkSentPage(Math.round(ctx.config.auth.linkTtlMs / 60_000)));
  });

  scope.get<{ Params: { token: string } }>('/sign-in/link/:token', async (request, reply) => {
    const open = (await findLink(ctx.db.kysely, request.params.token, 'sign_in', ctx.clock.now())) !== undefined;
    return page(reply, linkLandingPage({ csrf: reply.generateCsrf(), token: request.params.token, open }));
  });

  scope.post<{ Params: { token: string } }>('/sign-in/link/:token', { onRequest: limit }, async (request, reply) => {
    const outcome = await signInWithLink(signIn, request.params.token, attemptOf(request), ctx.clock.now());
    return outcome.kind === 'signed_in' ? signedIn(reply, outcome) : page(reply, linkLandingPage({ csrf: '', token: '', open: false }));
  });

  scope.get<{ Params: { token: string } }>('/setup/:token', async (request, reply) => {
    const open = await firstAdminLinkOpen(ctx.db, request.params.token, ctx.clock.now());
    return page(reply, setupPage({ csrf: reply.generateCsrf(), token: request.params.token, open }));
  });

  scope.post<{ Params: { token: string } }>('/setup/:token', { onRequest: limit }, async (request, reply) => {
    const { token } = request.params;
    const form = parseForm(SetupForm, request.body);
    if (form.issues) return page(reply, setupPage({ csrf: reply.generateCsrf(), token, open: true, email: fieldOf(request.body, 'email'), issues: form.issues }));
    const outcome = await createFirstAdmin(signIn, token, form.data, attemptOf(request), ctx.clock.now());
    return outcome.kind === 'signed_in' ? signedIn(reply, outcome) : page(reply, setupPage({ csrf: '', token, open: false }));
  });

  const account = async (request: FastifyRequest, reply: FastifyReply, extra: { notice?: string; issues?: Issue[] } = {}) => {
    const actor = await sessionActorOf(request, deps);
    if (!actor) return reply.redirect('/sign-in', 303);
    const [org, user] = await Promise.all([getOrganisation(ctx.db, actor.orgId), ctx.db.kysely.selectFrom('users').select('password_hash').where('id', '=', actor.person.id).executeTakeFirstOrThrow()]);
    return page(reply, accountPage({ csrf: reply.generateCsrf(), email: actor.person.label, orgName: org.name, role: actor.role, hasPassword: user.password_hash !== null, ...extra }));
  };

  scope.get('/account', async (request, reply) => account(request, reply));

  scope.post('/account/password', async (request, reply) => {
    const actor = await sessionActorOf(request, deps);
    if (!actor) return reply.redirect('/sign-in', 303);
    const form = parseForm(NewPasswordForm, request.body);
    if (form.issues) return account(request, reply, { issues: form.issues });
    await setOwnPassword({ db: ctx.db, cost: ctx.config.auth.passwordCost }, actor, form.data.password, ctx.clock.now());
    return account(request, reply, { notice: 'Your password is set.' });
  });

  scope.post('/sign-out', async (request, reply) => {
    const actor = await sessionActorOf(request, deps);
    const id = cookies.idOf(request);
    if (actor && id) await signOut(ctx.db, actor, id, ctx.clock.now());
    cookies.clear(reply);
    return reply.redirect('/sign-in', 303);
  });
}

function errorPage(err: FastifyError, ctx: Context, request: FastifyRequest): PageContent {
  if (err.code?.startsWith('FST_CSRF_')) return messagePage('This form has expired', 'Reload the page and send the form again.', 403);
  if (err instanceof AppError) {
    if (err.code === 'UNAVAILABLE') ctx.logger.warn({ path: logUrl(request), err, cause: err.cause }, 'dependency unavailable');
    return messagePage(err.code === 'RATE_LIMITED' ? 'Too many attempts' : 'That did not work', err.message, statusFor[err.code]);
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return messagePage('The form could not be read', err.message, status);
  ctx.logger.error({ method: request.method, path: logUrl(request), err }, 'unhandled error');
  return messagePage('Something went wrong', 'Something went wrong on our side. It has been logged.', 500);
}
