/**
 * The desk's send pages: the list of sends, one send with its live progress (an event
 * stream of the rendered panel), its recipients, its report, and the scheduled sends. Each
 * acts as the signed-in person through the same use cases as the API: a viewer reads, a
 * sender cancels and retries, another organisation's send is not found.
 */
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../../auth/actor.js';
import { lastDoneTo } from '../../auth/audit.js';
import { roleAllows } from '../../auth/roles.js';
import type { Context } from '../../context.js';
import { DeliveriesQuery } from '../../contract/distributions.js';
import { listDistributions, listScheduled, readDistributionSummary } from '../../distribution/distributions.list.js';
import { embargoHistory } from '../../distribution/embargo-change.js';
import { retryFailed } from '../../distribution/retry.js';
import { cancelDistribution, rescheduleDistribution } from '../../distribution/schedule.js';
import { AppError } from '../../errors.js';
import { readRelease } from '../../releases/releases.service.js';
import { canonicalZone } from '../../time/zoned-time.js';
import { recipientsCsv } from '../../tracking/recipients-csv.js';
import { readFullReport } from '../../tracking/report-detail.js';
import { readDeliveries, readProgress, readReport } from '../../tracking/report.js';
import { actorOf } from '../auth.js';
import type { FieldError } from '../../web/components/ErrorSummary.js';
import { localeFor, messagesFor } from '../../web/i18n/index.js';
import { EndedActions, followedLive, ProgressPanel, SendStatus, type Words } from '../../web/pages/DistributionParts.js';
import { DistributionPage, type DistributionPageProps } from '../../web/pages/DistributionPage.js';
import { DistributionRecipients } from '../../web/pages/DistributionRecipients.js';
import { DistributionReport } from '../../web/pages/DistributionReport.js';
import { DistributionsList } from '../../web/pages/DistributionsList.js';
import { Scheduled } from '../../web/pages/Scheduled.js';
import { pageContext } from './desk-scope.js';

const DistributionParams = z.object({ id: z.string().regex(/^dst_[0-9a-z]{25}$/) });
const ListQuery = z.object({ after: z.string().regex(/^dst_[0-9a-z]{25}$/).optional() });
const CancelForm = z.object({ from: z.enum(['scheduled']).optional() });
const RescheduleForm = z.object({ at: z.string().trim().min(1).max(100) });
const ZoneQuery = z.object({ zone: z.string().max(100).optional() });
/** The recipients' filters as the GET form sends them: an empty field means "any". */
const RecipientsQuery = DeliveriesQuery.pick({ after: true, status: true, list: true, outlet: true, kind: true });

const pageSize = 50;
const recipientsPageSize = 100;
/** How often the live panel is sent again while a send runs. */
const streamEveryMs = 1000;

/** A malformed id names no distribution: answered as not found, like another organisation's. */
function parseId(params: unknown): { id: string } {
  const result = DistributionParams.safeParse(params);
  if (!result.success) throw new AppError('NOT_FOUND', 'No such distribution');
  return result.data;
}

const withoutEmpty = (query: unknown): Record<string, unknown> => Object.fromEntries(Object.entries((query ?? {}) as Record<string, unknown>).filter(([, v]) => v !== ''));

/** The interface text without the rest of the page context: the event stream must not mint CSRF tokens. */
function wordsOf(request: FastifyRequest): Words {
  const locale = localeFor(request.headers['accept-language']);
  return { t: messagesFor(locale), locale };
}

/** One server-sent event: every line of the HTML its own `data:` line, as the format requires. */
function sseEvent(html: string, event?: string): string {
  const data = html
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('');
  return `${event ? `event: ${event}\n` : ''}${data}\n`;
}

/** The progress panel of a send, as an event every second while it is followed live, then `done`. */
async function* progressEvents(ctx: Context, actor: Actor, id: string, words: Words, stop: AbortSignal): AsyncGenerator<string> {
  const pageUrl = `/distributions/${id}`;
  while (!stop.aborted) {
    const progress = await readProgress(ctx, actor, id);
    const panel = (await (<ProgressPanel words={words} progress={progress} pageUrl={pageUrl} />)) + (await (<SendStatus t={words.t} status={progress.report.status} outOfBand />));
    if (!followedLive(progress.report.status)) {
      yield sseEvent(panel + (await (<EndedActions words={words} progress={progress} pageUrl={pageUrl} maySend={roleAllows(actor.role, 'send')} />)));
      yield sseEvent('done', 'done');
      return;
    }
    yield sseEvent(panel);
    await sleep(streamEveryMs, undefined, { signal: stop }).catch(() => undefined);
  }
}

async function firstDone(ctx: Context, actor: Actor, id: string, actions: string[]): Promise<string | undefined> {
  const found = await Promise.all(actions.map((action) => lastDoneTo(ctx.db, actor, { type: 'distribution', id }, action)));
  return found.find((f) => f !== undefined)?.by;
}

export function deskDistributionsRoutes(desk: FastifyInstance, ctx: Context): void {
  desk.get('/distributions', async (request, reply) => {
    const query = ListQuery.safeParse(request.query);
    const after = query.success ? query.data.after : undefined;
    const rows = await listDistributions(ctx, actorOf(request), { after, limit: pageSize });
    const next = rows.length === pageSize ? rows.at(-1)!.id : null;
    return reply.html(<DistributionsList ctx={await pageContext(ctx, request, reply)} distributions={rows} next={next} />);
  });

  /** A send's page, with what a failed form to move it held. */
  async function distributionPage(request: FastifyRequest, reply: FastifyReply, reschedule?: DistributionPageProps['reschedule']) {
    const actor = actorOf(request);
    const { id } = parseId(request.params);
    const distribution = await readDistributionSummary(ctx, actor, id);
    const [progress, sentBy, approvedBy, release, embargoChanges, socialPosts] = await Promise.all([
      readProgress(ctx, actor, id),
      firstDone(ctx, actor, id, ['distribution.send', 'distribution.schedule', 'distribution.request']),
      firstDone(ctx, actor, id, ['distribution.approve']),
      readRelease(ctx, actor, distribution.releaseId),
      embargoHistory(ctx, actor, distribution.releaseId),
      distribution.accounts ? readDeliveries(ctx, actor, id, { kind: 'social', limit: 100 }) : [],
    ]);
    return reply.html(
      <DistributionPage
        ctx={await pageContext(ctx, request, reply)}
        distribution={distribution}
        progress={progress}
        sentBy={sentBy}
        approvedBy={approvedBy}
        embargo={release.primary.embargo}
        embargoChanges={embargoChanges}
        socialPosts={socialPosts}
        maySend={roleAllows(actor.role, 'send')}
        reschedule={reschedule}
      />,
    );
  }

  desk.get('/distributions/:id', async (request, reply) => distributionPage(request, reply));

  desk.post('/distributions/:id/reschedule', async (request, reply) => {
    const { id } = parseId(request.params);
    const t = wordsOf(request).t;
    const form = RescheduleForm.safeParse(request.body ?? {});
    if (!form.success) return distributionPage(request, reply.code(400), { at: '', errors: [{ field: 'at', message: t.distributions.atEmpty }] });
    try {
      await rescheduleDistribution(ctx, actorOf(request), id, form.data.at);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
      return distributionPage(request, reply.code(400), { at: form.data.at, errors: [{ field: 'at', message: err.message }] });
    }
    return reply.redirect(`/distributions/${id}`, 303);
  });

  desk.get('/distributions/:id/events', async (request, reply) => {
    const actor = actorOf(request);
    const { id } = parseId(request.params);
    // Not found (or not allowed) is answered as a page, before the stream starts.
    await readReport(ctx, actor, id);
    const stop = new AbortController();
    // The response's close, not the request's: a GET's request closes once read, long before the browser leaves.
    reply.raw.on('close', () => stop.abort());
    return reply.type('text/event-stream; charset=utf-8').send(Readable.from(progressEvents(ctx, actor, id, wordsOf(request), stop.signal)));
  });

  desk.get('/distributions/:id/recipients', async (request, reply) => {
    const actor = actorOf(request);
    const { id } = parseId(request.params);
    const distribution = await readDistributionSummary(ctx, actor, id);
    const raw = withoutEmpty(request.query);
    const parsed = RecipientsQuery.safeParse(raw);
    const page = await pageContext(ctx, request, reply);
    if (!parsed.success) {
      const fields = ['status', 'list', 'outlet', 'kind'];
      const errors: FieldError[] = parsed.error.issues.map((i) => ({ field: fields.includes(String(i.path[0])) ? String(i.path[0]) : 'status', message: page.t.distributions.invalidFilter }));
      const filters = { outlet: typeof raw.outlet === 'string' ? raw.outlet : undefined };
      return reply.code(400).html(<DistributionRecipients ctx={page} distribution={distribution} filters={filters} deliveries={[]} next={null} errors={errors} />);
    }
    const { after, ...filters } = parsed.data;
    const deliveries = await readDeliveries(ctx, actor, id, { ...filters, after, limit: recipientsPageSize });
    const next = deliveries.length === recipientsPageSize ? deliveries.at(-1)!.id : null;
    return reply.html(<DistributionRecipients ctx={page} distribution={distribution} filters={filters} deliveries={deliveries} next={next} />);
  });

  desk.get('/distributions/:id/report', async (request, reply) => {
    const actor = actorOf(request);
    const { id } = parseId(request.params);
    const [distribution, report, failed, bounced] = await Promise.all([
      readDistributionSummary(ctx, actor, id),
      readFullReport(ctx, actor, id),
      readDeliveries(ctx, actor, id, { status: 'failed', limit: 500 }),
      readDeliveries(ctx, actor, id, { status: 'bounced', limit: 500 }),
    ]);
    return reply.html(<DistributionReport ctx={await pageContext(ctx, request, reply)} distribution={distribution} report={report} failures={[...failed, ...bounced]} />);
  });

  desk.get('/distributions/:id/recipients.csv', async (request, reply) => {
    const { id } = parseId(request.params);
    const csv = await recipientsCsv(ctx, actorOf(request), id);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${id}-recipients.csv"`).send(csv);
  });

  desk.post('/distributions/:id/cancel', async (request, reply) => {
    const { id } = parseId(request.params);
    const form = CancelForm.safeParse(request.body ?? {});
    await cancelDistribution(ctx, actorOf(request), id);
    return reply.redirect(form.success && form.data.from === 'scheduled' ? '/scheduled' : `/distributions/${id}`, 303);
  });

  desk.post('/distributions/:id/retry', async (request, reply) => {
    const { id } = parseId(request.params);
    await retryFailed(ctx, actorOf(request), id);
    return reply.redirect(`/distributions/${id}`, 303);
  });

  desk.get('/scheduled', async (request, reply) => {
    const actor = actorOf(request);
    const query = ZoneQuery.safeParse(request.query);
    const asked = query.success ? query.data.zone : undefined;
    const zone = asked === undefined ? 'UTC' : canonicalZone(asked);
    const [rows, page] = await Promise.all([listScheduled(ctx, actor), pageContext(ctx, request, reply)]);
    const zones = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
    const props = { ctx: page, distributions: rows, zones, maySend: roleAllows(actor.role, 'send') };
    if (!zone) return reply.code(400).html(<Scheduled {...props} zone="UTC" errors={[{ field: 'zone', message: page.t.distributions.unknownZone }]} />);
    return reply.html(<Scheduled {...props} zone={zone} />);
  });
}
