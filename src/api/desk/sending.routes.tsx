/**
 * The desk's sending pages: the Send page and its preflight (whole, or the panel alone for
 * htmx), the send itself, and two-person approval. Each acts as the signed-in person
 * through the use cases the API uses, which authorize them: a viewer may check a send but
 * not make one, and a requester may not approve their own.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listAccounts } from '../../accounts/accounts.service.js';
import type { Actor } from '../../auth/actor.js';
import { roleAllows } from '../../auth/roles.js';
import { networkById } from '../../channels/social/registry.js';
import { listLists } from '../../contacts/contacts.service.js';
import type { Context } from '../../context.js';
import { approveDistribution, declineDistribution } from '../../distribution/approval.js';
import { readApprovalRequest } from '../../distribution/approval-request.js';
import { createDistribution, IdempotencyKey, type SendRequest } from '../../distribution/distributions.service.js';
import { preflight, type Preflight } from '../../distribution/preflight.js';
import { listScheduled } from '../../distribution/distributions.list.js';
import { AppError } from '../../errors.js';
import { readRelease } from '../../releases/releases.service.js';
import { canonicalZone } from '../../time/zoned-time.js';
import type { Release } from '../../releases/releases.repo.js';
import { actorOf } from '../auth.js';
import type { FieldError } from '../../web/components/ErrorSummary.js';
import { issueText, preflightPanelId } from '../../web/components/PreflightPanel.js';
import type { Messages } from '../../web/i18n/en.js';
import type { PageContext } from '../../web/page-context.js';
import { ApprovalPage } from '../../web/pages/ApprovalPage.js';
import { ApprovalsList } from '../../web/pages/ApprovalsList.js';
import { SendPage, SendPanel, type SendChoices } from '../../web/pages/SendPage.js';
import { pageContext } from './desk-scope.js';

const ReleaseParams = z.object({ id: z.string().regex(/^rel_[0-9a-z]{25}$/) });
const DistributionParams = z.object({ id: z.string().regex(/^dst_[0-9a-z]{25}$/) });

/** Every zone this runtime knows, UTC first (some runtimes leave it out of the list). */
const zones = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];

/** A checkbox group arrives as nothing, one value or several. */
const many = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

const SendForm = z.object({
  lists: many,
  channels: many,
  when: z.enum(['now', 'later']).catch('now'),
  at: z.string().trim().catch(''),
  zone: z.string().catch('UTC'),
  // A form without a usable key still gets one, so it can be sent; only a resent form reuses it.
  key: z.string().regex(IdempotencyKey).catch(() => randomUUID()),
});

const DeclineForm = z.object({ note: z.string().catch('') });

const localDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** The form's choices as a send request, or what is wrong with them (by field id). */
function requestOf(t: Messages, releaseId: string, c: SendChoices): SendRequest | FieldError[] {
  const errors: FieldError[] = [];
  if (c.lists.length === 0 && c.channels.length === 0) errors.push({ field: 'lists', message: t.sending.nothing });
  if (c.when === 'later' && !localDateTime.test(c.at)) errors.push({ field: 'at', message: t.sending.atMissing });
  if (c.when === 'later' && canonicalZone(c.zone) === undefined) errors.push({ field: 'zone', message: t.sending.zoneUnknown });
  if (errors.length) return errors;
  return { releaseId, lists: c.lists, channels: c.channels, ...(c.when === 'later' ? { at: `${c.at.replace('T', ' ')} ${c.zone}` } : {}) };
}

/** The use cases' validation problems about the time, in the form's words; anything else is not the form's to answer. */
function formErrors(t: Messages, err: unknown): FieldError[] {
  if (err instanceof AppError && err.code === 'VALIDATION' && err.issues.some((i) => i.field === 'at')) return [{ field: 'at', message: t.sending.past }];
  throw err;
}

function parseParams<T>(schema: z.ZodType<T>, params: unknown, what: string): T {
  const result = schema.safeParse(params);
  // A malformed id names nothing: answered as not found, like another organisation's.
  if (!result.success) throw new AppError('NOT_FOUND', `No such ${what}`);
  return result.data;
}

interface SendView {
  page: PageContext;
  actor: Actor;
  release: Release;
  choices: SendChoices;
}

export function deskSendingRoutes(desk: FastifyInstance, ctx: Context): void {
  async function viewOf(request: FastifyRequest, reply: FastifyReply): Promise<SendView> {
    const actor = actorOf(request);
    const { id } = parseParams(ReleaseParams, request.params, 'release');
    const { primary: release } = await readRelease(ctx, actor, id);
    const page = await pageContext(ctx, request, reply);
    const body = SendForm.parse(request.body ?? {});
    return { page, actor, release, choices: request.method === 'GET' ? { ...body, zone: release.embargo?.zone ?? 'UTC' } : body };
  }

  async function sendPage(view: SendView, extra: { preflight?: Preflight; errors?: FieldError[] } = {}) {
    const [lists, accounts] = await Promise.all([listLists(ctx, view.actor), listAccounts(ctx, view.actor)]);
    return (
      <SendPage
        ctx={view.page}
        release={view.release}
        lists={lists.map((l) => ({ name: l.name, members: Number(l.members), earlyAccess: l.early_access === 1 }))}
        accounts={accounts.map((a) => ({ id: a.id, name: a.name, networkName: networkById(a.network).name }))}
        // A zone the runtime lists under another name (an embargo's, a link from elsewhere) stays selected.
        zones={zones.includes(view.choices.zone) || canonicalZone(view.choices.zone) === undefined ? zones : [view.choices.zone, ...zones]}
        choices={view.choices}
        maySend={roleAllows(view.actor.role, 'send')}
        {...extra}
      />
    );
  }

  /** The preflight of the form, or the form's problems. */
  async function check(view: SendView): Promise<{ send?: SendRequest; preflight?: Preflight; errors?: FieldError[] }> {
    const send = requestOf(view.page.t, view.release.id, view.choices);
    if (Array.isArray(send)) return { errors: send };
    try {
      return { send, preflight: await preflight(ctx, view.actor, send) };
    } catch (err) {
      return { errors: formErrors(view.page.t, err) };
    }
  }

  desk.get('/releases/:id/send', async (request, reply) => reply.html(await sendPage(await viewOf(request, reply))));

  desk.post('/releases/:id/send/check', async (request, reply) => {
    const view = await viewOf(request, reply);
    const result = await check(view);
    return reply.code(result.errors ? 400 : 200).html(await sendPage(view, result));
  });

  // The panel alone, for htmx as the choices change: always 200, so htmx swaps in the problems too.
  desk.post('/releases/:id/send/preflight', async (request, reply) => {
    const view = await viewOf(request, reply);
    const { preflight: checked, errors } = await check(view);
    return reply.html(<SendPanel ctx={view.page} releaseId={view.release.id} maySend={roleAllows(view.actor.role, 'send')} zone={view.choices.zone} preflight={checked} errors={errors} />);
  });

  desk.post('/releases/:id/send', async (request, reply) => {
    const view = await viewOf(request, reply);
    const { send, preflight: checked, errors } = await check(view);
    if (!send || !checked) return reply.code(400).html(await sendPage(view, { errors }));
    // The button is shown only without problems; a form sent anyway (or the lists changed since) is answered with them.
    if (checked.problems.length) {
      const problems = checked.problems.map((p) => ({ field: preflightPanelId, message: issueText(view.page, checked, p) }));
      return reply.code(400).html(await sendPage(view, { preflight: checked, errors: problems }));
    }
    try {
      const { distribution } = await createDistribution(ctx, view.actor, { ...send, idempotencyKey: view.choices.key });
      return reply.redirect(`/distributions/${distribution.id}`, 303);
    } catch (err) {
      return reply.code(400).html(await sendPage(view, { errors: formErrors(view.page.t, err) }));
    }
  });

  // A correction has no form: it goes to the original's accepted recipients. Its key makes a second press the same send.
  desk.post('/releases/:id/send-correction', async (request, reply) => {
    const { id } = parseParams(ReleaseParams, request.params, 'release');
    const { distribution } = await createDistribution(ctx, actorOf(request), { releaseId: id, lists: [], correction: true, idempotencyKey: `correction-${id}` });
    return reply.redirect(`/distributions/${distribution.id}`, 303);
  });

  desk.get('/approvals', async (request, reply) => {
    const actor = actorOf(request);
    const waiting = (await listScheduled(ctx, actor))
      .filter((d) => d.status === 'awaiting_approval')
      .map((d) => ({ id: d.id, headline: d.headline, sendAt: d.sendAt, lists: d.lists.map((l) => l.name) }));
    return reply.html(<ApprovalsList ctx={await pageContext(ctx, request, reply)} waiting={waiting} />);
  });

  async function approvalPage(request: FastifyRequest, reply: FastifyReply, form: { note?: string; errors?: FieldError[] } = {}) {
    const actor = actorOf(request);
    const { id } = parseParams(DistributionParams, request.params, 'distribution');
    const approval = await readApprovalRequest(ctx, actor, id);
    return <ApprovalPage ctx={await pageContext(ctx, request, reply)} request={approval} mayDecide={roleAllows(actor.role, 'send')} {...form} />;
  }

  desk.get('/distributions/:id/approval', async (request, reply) => reply.html(await approvalPage(request, reply)));

  desk.post('/distributions/:id/approve', async (request, reply) => {
    const { id } = parseParams(DistributionParams, request.params, 'distribution');
    await approveDistribution(ctx, actorOf(request), id);
    return reply.redirect(`/distributions/${id}/approval`, 303);
  });

  desk.post('/distributions/:id/decline', async (request, reply) => {
    const { id } = parseParams(DistributionParams, request.params, 'distribution');
    const { note } = DeclineForm.parse(request.body ?? {});
    const t = (await pageContext(ctx, request, reply)).t;
    const refuse = (message: string) => approvalPage(request, reply, { note, errors: [{ field: 'note', message }] }).then((page) => reply.code(400).html(page));
    if (!note.trim()) return refuse(t.sending.approval.noteMissing);
    try {
      await declineDistribution(ctx, actorOf(request), id, note);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
      return refuse(err.issues[0]?.message ?? err.message);
    }
    return reply.redirect(`/distributions/${id}/approval`, 303);
  });
}
