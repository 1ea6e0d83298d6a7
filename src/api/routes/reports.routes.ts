import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { reports } from '../../contract/reports.js';
import { readContactReport } from '../../tracking/contact-report.js';
import { recipientsCsv } from '../../tracking/recipients-csv.js';
import { readReleaseReport } from '../../tracking/release-report.js';
import { readFullReport } from '../../tracking/report-detail.js';
import { actorOf } from '../auth.js';
import { route } from '../route.js';
import { parseInput } from '../validate.js';

export function reportsRoutes(app: FastifyInstance, ctx: Context): void {
  route(app, reports.distribution, async (request) => readFullReport(ctx, actorOf(request), parseInput(reports.distribution.params, request.params, 'params').id));

  route(app, reports.recipients, async (request, reply) => {
    const { id } = parseInput(reports.recipients.params, request.params, 'params');
    const csv = await recipientsCsv(ctx, actorOf(request), id);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${id}-recipients.csv"`).send(csv);
  });

  route(app, reports.contact, async (request) => readContactReport(ctx, actorOf(request), parseInput(reports.contact.params, request.params, 'params').id));

  route(app, reports.release, async (request) => readReleaseReport(ctx, actorOf(request), parseInput(reports.release.params, request.params, 'params').id));
}
