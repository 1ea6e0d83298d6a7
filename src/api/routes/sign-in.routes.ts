/**
 * The sign-in pages: a password, a link by email, the first administrator, and sign-out.
 * HTML forms only, rendered on the desk's layout in the browser's language; every POST
 * needs the form's CSRF token, and those that try a credential share the sign-in rate
 * limit. Failures are pages, not JSON. The account page, for the signed-in, is the desk's.
 */
import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createFirstAdmin, firstAdminLinkOpen } from '../../people/first-admin.js';
import { NewPassword } from '../../auth/passwords.js';
import { signInGuards } from '../../auth/sign-in-guards.js';
import { findLink } from '../../auth/sign-in-links.js';
import { emailSignInLink, signInWithLink, signInWithPassword, signOut, type Attempt, type SignInDeps, type SignInOutcome } from '../../people/sign-in.js';
import type { Mailer } from '../../channels/email/single-message.js';
import { addressInput } from '../../contacts/address.js';
import type { Context } from '../../context.js';
import { AppError } from '../../errors.js';
import type { FieldError } from '../../web/components/ErrorSummary.js';
import { fieldOf, parseForm } from '../../web/form-errors.js';
import type { PageContext } from '../../web/page-context.js';
import { Message } from '../../web/pages/Message.js';
import { LinkLanding, LinkSent, SetupPage, SignInPage } from '../../web/pages/SignIn.js';
import { errorWords, htmlPages, pageContext } from '../desk/desk-scope.js';
import { sessionActorOf, type AuthDeps } from '../auth.js';
import { requireCsrf } from '../cookies.js';
import { logUrl } from '../request-logging.js';
import { rateLimiter } from '../rate-limits.js';

/** Where to go after signing in: a path of this site only (not `//host`), else nowhere in particular. */
const NextPath = z.string().max(2000).regex(/^\/(?![/\\])\S*$/).optional().catch(undefined);
const PasswordForm = z.object({ email: addressInput(), password: z.string().min(1, 'is empty').max(1024, 'is too long') });
const LinkForm = z.object({ email: addressInput() });
const SetupForm = z.object({ email: addressInput(), password: NewPassword, confirm: z.string() }).refine((f) => f.password === f.confirm, { path: ['confirm'], message: 'is not the same password' });

export interface SignInRouteDeps extends AuthDeps {
  ctx: Context;
  mailer: Mailer;
}

/** A link that no longer works: spent, expired, or (the first-run link) an administrator exists. */
const closed = (page: PageContext, detail: string) => Message({ ctx: page, title: page.t.people.signIn.closedTitle, detail, back: { href: '/sign-in', label: page.t.people.signIn.back } });

export async function signInRoutes(scope: FastifyInstance, deps: SignInRouteDeps): Promise<void> {
  const { ctx, cookies } = deps;
  const signIn: SignInDeps = { db: ctx.db, mailer: deps.mailer, logger: ctx.logger, config: ctx.config, guards: signInGuards(ctx.redis, ctx.config.redis.prefix, ctx.config.auth) };
  await htmlPages(scope);
  await scope.register(formbody, { bodyLimit: 16 * 1024 });
  const limit = await rateLimiter(scope, ctx, 'sign-in', ctx.config.rateLimits.signIn);
  scope.addHook('preHandler', requireCsrf(scope));
  scope.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  scope.setErrorHandler(async (err: FastifyError, request, reply) => {
    const page = await pageContext(ctx, request, reply);
    const limited = err instanceof AppError && err.code === 'RATE_LIMITED';
    const words = limited ? { status: 429, title: page.t.people.signIn.tooMany, detail: err.message } : errorWords(page.t, err);
    if (err instanceof AppError && err.code === 'UNAVAILABLE') ctx.logger.warn({ path: logUrl(request), err, cause: err.cause }, 'dependency unavailable');
    if (words.status === 500) ctx.logger.error({ method: request.method, path: logUrl(request), err }, 'unhandled error');
    return reply.code(words.status).html(Message({ ctx: page, ...words, back: { href: '/sign-in', label: page.t.people.signIn.back } }));
  });

  const attemptOf = (request: FastifyRequest): Attempt => ({ ip: request.ip, userAgent: request.headers['user-agent'], replacing: cookies.idOf(request) });
  const signedIn = (reply: FastifyReply, outcome: Extract<SignInOutcome, { kind: 'signed_in' }>, next?: string) => {
    cookies.set(reply, outcome.session, ctx.clock.now());
    return reply.redirect(next ?? '/account', 303);
  };
  const signInForm = async (request: FastifyRequest, reply: FastifyReply, status: number, form: { email?: string; next?: string; errors?: FieldError[] } = {}) =>
    reply.code(status).html(SignInPage({ ctx: await pageContext(ctx, request, reply), ...form }));

  scope.get('/sign-in', async (request, reply) => {
    const next = NextPath.parse((request.query as Record<string, unknown>).next);
    if (await sessionActorOf(request, deps)) return reply.redirect(next ?? '/account', 303);
    return signInForm(request, reply, 200, { next });
  });

  scope.post('/sign-in', { onRequest: limit }, async (request, reply) => {
    const t = (await pageContext(ctx, request, reply)).t.people;
    const form = parseForm(PasswordForm, request.body, t.problems);
    const email = fieldOf(request.body, 'email');
    const next = NextPath.parse(fieldOf(request.body, 'next'));
    if (form.errors) return signInForm(request, reply, 400, { email, next, errors: form.errors });
    const outcome = await signInWithPassword(signIn, form.data.email, form.data.password, attemptOf(request), ctx.clock.now());
    if (outcome.kind === 'signed_in') return signedIn(reply, outcome, next);
    if (outcome.kind === 'refused') return signInForm(request, reply, 401, { email, next, errors: [{ field: 'password', message: t.signIn.wrong }] });
    reply.header('retry-after', String(Math.ceil(outcome.retryAfterMs / 1000)));
    return signInForm(request, reply, 429, { email, next, errors: [{ field: 'link-email', message: t.signIn.locked(Math.ceil(outcome.retryAfterMs / 60_000)) }] });
  });

  scope.post('/sign-in/link', { onRequest: limit }, async (request, reply) => {
    const page = await pageContext(ctx, request, reply);
    const form = parseForm(LinkForm, request.body, page.t.people.problems, { email: 'link-email' });
    if (form.errors) return signInForm(request, reply, 400, { errors: form.errors });
    // Sent in the background: the answer takes as long, and says the same, whether the address has an account or not.
    void emailSignInLink(signIn, form.data.email, attemptOf(request), ctx.clock.now()).catch((err: unknown) => ctx.logger.error({ err }, 'sign-in link failed'));
    return reply.html(LinkSent({ ctx: page, ttlMinutes: Math.round(ctx.config.auth.linkTtlMs / 60_000) }));
  });

  scope.get<{ Params: { token: string } }>('/sign-in/link/:token', async (request, reply) => {
    const page = await pageContext(ctx, request, reply);
    const open = (await findLink(ctx.db.kysely, request.params.token, 'sign_in', ctx.clock.now())) !== undefined;
    return open ? reply.html(LinkLanding({ ctx: page, token: request.params.token })) : reply.code(410).html(closed(page, page.t.people.signIn.closedLink));
  });

  scope.post<{ Params: { token: string } }>('/sign-in/link/:token', { onRequest: limit }, async (request, reply) => {
    const outcome = await signInWithLink(signIn, request.params.token, attemptOf(request), ctx.clock.now());
    if (outcome.kind === 'signed_in') return signedIn(reply, outcome);
    const page = await pageContext(ctx, request, reply);
    return reply.code(410).html(closed(page, page.t.people.signIn.closedLink));
  });

  scope.get<{ Params: { token: string } }>('/setup/:token', async (request, reply) => {
    const page = await pageContext(ctx, request, reply);
    const open = await firstAdminLinkOpen(ctx.db, request.params.token, ctx.clock.now());
    return open ? reply.html(SetupPage({ ctx: page, token: request.params.token })) : reply.code(410).html(closed(page, page.t.people.signIn.closedSetup));
  });

  scope.post<{ Params: { token: string } }>('/setup/:token', { onRequest: limit }, async (request, reply) => {
    const { token } = request.params;
    const page = await pageContext(ctx, request, reply);
    const form = parseForm(SetupForm, request.body, page.t.people.problems);
    if (form.errors) return reply.code(400).html(SetupPage({ ctx: page, token, email: fieldOf(request.body, 'email'), errors: form.errors }));
    const outcome = await createFirstAdmin(signIn, token, form.data, attemptOf(request), ctx.clock.now());
    return outcome.kind === 'signed_in' ? signedIn(reply, outcome) : reply.code(410).html(closed(page, page.t.people.signIn.closedSetup));
  });

  scope.post('/sign-out', async (request, reply) => {
    const actor = await sessionActorOf(request, deps);
    const id = cookies.idOf(request);
    if (actor && id) await signOut(ctx.db, actor, id, ctx.clock.now());
    cookies.clear(reply);
    return reply.redirect('/sign-in', 303);
  });
}
