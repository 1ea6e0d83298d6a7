/**
 * What every desk page shares: the signed-in person (else a redirect to sign-in that comes
 * back here), the CSRF check on every form, a strict CSP, HTML error pages in the
 * interface language, and the page context each page renders with.
 */
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart, { type MultipartFile } from '@fastify/multipart';
import { fastifyKitaHtml } from '@kitajs/fastify-html-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { accountsNeedingReconnect } from '../../accounts/accounts.service.js';
import { roleAllows } from '../../auth/roles.js';
import type { Actor } from '../../auth/actor.js';
import type { Context } from '../../context.js';
import { AppError } from '../../errors.js';
import { authorizeOutbox } from '../../organisations/organisations.service.js';
import { sessionActorOf, type AuthDeps } from '../auth.js';
import { statusFor } from '../error-handler.js';
import { requireCsrf } from '../cookies.js';
import { logUrl } from '../request-logging.js';
import { localeFor, messagesFor } from '../../web/i18n/index.js';
import type { Messages } from '../../web/i18n/en.js';
import type { PageContext } from '../../web/page-context.js';
import { Message } from '../../web/pages/Message.js';
import { ownAccount } from '../../people/own-account.js';

export interface DeskDeps {
  ctx: Context;
  auth: AuthDeps;
}

/** The research's CSP; frames only from this origin (the email previews). */
const contentSecurityPolicy = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'"],
    connectSrc: ["'self'"],
    frameSrc: ["'self'"],
    formAction: ["'self'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  },
};

/** An email shown in a preview frame: sandboxed (its links and any script inert), framed only by this origin's pages. */
export const emailFrameCsp = "sandbox; default-src 'none'; img-src 'self' https: data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

/** An uploaded file, as a form reads it. */
export interface Upload {
  filename: string;
  content: Buffer;
}

/** A file field of a multipart form; an empty file input still arrives, with no name and no bytes. */
export const UploadField = z.custom<Upload>((v) => typeof v === 'object' && v !== null && 'filename' in v && Buffer.isBuffer((v as Upload).content));

/** The file a form's file field holds, if one was chosen. */
export const chosenFile = (file: Upload | undefined): Upload | undefined => (file && (file.filename || file.content.length) ? file : undefined);

async function keepUpload(part: MultipartFile): Promise<void> {
  const upload: Upload = { filename: part.filename, content: await part.toBuffer() };
  Object.assign(part, { value: upload });
}

/** The development outbox is linked for those who may read it, and only while it runs. */
async function seesOutbox(ctx: Context, actor: Actor): Promise<boolean> {
  if (!ctx.config.outbox.enabled || !roleAllows(actor.role, 'admin')) return false;
  try {
    await authorizeOutbox(ctx.db, actor);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'FORBIDDEN') return false;
    throw err;
  }
}

/** The page context of a request: the signed-in person's own language when they chose one, else the browser's. */
export async function pageContext(ctx: Context, request: FastifyRequest, reply: FastifyReply): Promise<PageContext> {
  const actor = request.actor;
  const account = actor ? await ownAccount(ctx.db, actor) : undefined;
  const locale = account?.locale ?? localeFor(request.headers['accept-language']);
  const t = messagesFor(locale);
  if (!actor || !account) return { t, locale, csrf: reply.generateCsrf() };
  const [outbox, reconnect] = await Promise.all([seesOutbox(ctx, actor), accountsNeedingReconnect(ctx.db, actor)]);
  const viewer = { label: actor.person.label, role: actor.role, outbox, orgId: actor.orgId, organisations: account.organisations };
  return { t, locale, csrf: reply.generateCsrf(), viewer, reconnect };
}

export function errorWords(t: Messages, err: FastifyError): { status: number; title: string; detail: string } {
  if (err.code?.startsWith('FST_CSRF_')) return { status: 403, title: t.errors.expired, detail: t.errors.expiredDetail };
  if (err instanceof AppError) {
    const titles: Partial<Record<AppError['code'], string>> = { NOT_FOUND: t.errors.notFound, FORBIDDEN: t.errors.forbidden, TOO_LARGE: t.errors.tooLarge };
    return { status: statusFor[err.code], title: titles[err.code] ?? t.errors.conflict, detail: err.message };
  }
  const status = err.statusCode ?? 500;
  if (status === 413) return { status, title: t.errors.tooLarge, detail: err.message };
  if (status >= 400 && status < 500) return { status, title: t.errors.conflict, detail: err.message };
  return { status: 500, title: t.errors.failed, detail: t.errors.failedDetail };
}

/** What every HTML page of the server answers with: `reply.html` and the strict CSP (the desk's, the sign-in pages', the outbox's, the unsubscribe page's). */
export async function htmlPages(scope: FastifyInstance): Promise<void> {
  await scope.register(fastifyKitaHtml);
  // Helmet for the CSP only: the app sets its other headers itself.
  await scope.register(helmet, {
    contentSecurityPolicy,
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: false,
    originAgentCluster: false,
    referrerPolicy: false,
    strictTransportSecurity: false,
    xContentTypeOptions: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xFrameOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
}

export async function deskScope(desk: FastifyInstance, { ctx, auth }: DeskDeps): Promise<void> {
  await htmlPages(desk);
  await desk.register(formbody, { bodyLimit: 16 * 1024 });
  await desk.register(multipart, { attachFieldsToBody: 'keyValues', onFile: keepUpload, limits: { fileSize: 1024 * 1024, files: 1, fields: 4, fieldSize: 1024 * 1024 } });

  desk.addHook('onRequest', async (request, reply) => {
    request.actor = (await sessionActorOf(request, auth)) ?? null;
    if (!request.actor) return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
  });
  desk.addHook('preHandler', requireCsrf(desk));
  desk.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  desk.setErrorHandler(async (err: FastifyError, request, reply) => {
    const page = await pageContext(ctx, request, reply);
    const words = errorWords(page.t, err);
    if (words.status === 500) ctx.logger.error({ method: request.method, path: logUrl(request), err }, 'unhandled error');
    return reply.code(words.status).html(<Message ctx={page} title={words.title} detail={words.detail} />);
  });
}
