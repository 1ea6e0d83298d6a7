/**
 * Reports: a distribution's whole story (status over time, lists and outlets, opens and
 * clicks of people apart from machines', links, bounces, complaints, replies), its
 * recipients as CSV, a contact's history, and a release across its distributions.
 */
import { z } from 'zod';
import type { ContactReport as ContactReportShape } from '../tracking/contact-report.js';
import type { FullReport as FullReportShape } from '../tracking/report-detail.js';
import type { ReleaseReport as ReleaseReportShape } from '../tracking/release-report.js';
import { Instant } from './common.js';
import { DistributionRef, DistributionReport, deliveryKind, deliveryStatus } from './distributions.js';
import { area } from './operation.js';

const ContactRef = z.object({ id: z.string().regex(/^ct_[0-9a-z]{25}$/, 'must be a contact id (ct_…)') });
const ReleaseRef = z.object({ id: z.string().regex(/^rel_[0-9a-z]{25}$/, 'must be a release id (rel_…)') });

const Tally = z.object({ unique: z.number().int().describe('Deliveries'), total: z.number().int().describe('Events') });
const HumanAndMachine = z.object({ human: Tally, machine: Tally.describe('Privacy proxies and link scanners: never counted as a person') });
const ProblemEvent = z.object({
  deliveryId: z.string(),
  address: z.string(),
  kind: z.enum(['hard', 'soft']).nullable().describe('A bounce’s kind; null for a complaint'),
  statusCode: z.string().nullable().describe('Enhanced status code (5.1.1) or the provider’s bounce type'),
  detail: z.string().nullable().describe('The diagnostic, or the complaint’s feedback type'),
  at: Instant,
});
const group = z.object({ name: z.string(), total: z.number().int(), counts: z.partialRecord(deliveryStatus, z.number().int()) });

const AfterAcceptance = {
  engagement: z.object({ opens: HumanAndMachine, clicks: HumanAndMachine }),
  links: z.array(HumanAndMachine.extend({ url: z.string() })).describe('Clicks per link, most clicked by people first'),
  bounces: z.array(ProblemEvent),
  complaints: z.array(ProblemEvent),
  replies: z.object({ count: z.number().int(), items: z.array(z.object({ deliveryId: z.string(), from: z.string(), subject: z.string().nullable(), at: Instant })) }),
};

const FullReport = DistributionReport.extend({
  timeline: z
    .array(z.object({ at: Instant, accepted: z.number().int(), failed: z.number().int(), bounced: z.number().int(), complained: z.number().int() }))
    .describe('Cumulative counts at the end of each minute in which something happened'),
  lists: z.array(group),
  outlets: z.array(group),
  ...AfterAcceptance,
}) satisfies z.ZodType<FullReportShape>;

const ContactReport = z.object({
  contact: z.object({ id: z.string(), email: z.string(), name: z.string().nullable(), outlet: z.string().nullable() }),
  deliveries: z.array(
    z.object({
      id: z.string(),
      distributionId: z.string(),
      releaseId: z.string(),
      headline: z.string(),
      kind: deliveryKind,
      address: z.string(),
      status: deliveryStatus,
      reason: z.string().nullable(),
      createdAt: Instant,
      finishedAt: Instant.nullable(),
      events: z.array(
        z.object({
          type: z.enum(['bounce', 'delay', 'complaint', 'open', 'click', 'reply']),
          machine: z.boolean(),
          bounceKind: z.enum(['hard', 'soft']).nullable(),
          statusCode: z.string().nullable(),
          detail: z.string().nullable(),
          url: z.string().nullable(),
          at: Instant,
        }),
      ),
    }),
  ),
}) satisfies z.ZodType<ContactReportShape>;

const ReleaseReport = z.object({
  releaseId: z.string(),
  headline: z.string(),
  distributions: z.array(DistributionReport),
  total: z.number().int(),
  counts: z.record(deliveryStatus, z.number().int()),
  ...AfterAcceptance,
}) satisfies z.ZodType<ReleaseReportShape>;

export const reports = area('reports', {
  distribution: {
    method: 'GET',
    url: '/distributions/:id/report',
    summary: 'A distribution’s report: status over time, per list and outlet, opens and clicks (people apart from machines), top links, bounces, complaints, replies',
    params: DistributionRef,
    response: { 200: FullReport },
  },
  recipients: {
    method: 'GET',
    url: '/distributions/:id/recipients.csv',
    summary: 'The email recipients as CSV: address, name, outlet, lists, status, reason, accepted at, a person’s opens and clicks, bounce, complaint, replies',
    description: 'Every cell a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) begins with an apostrophe.',
    params: DistributionRef,
    produces: ['text/csv'],
    response: { 200: z.string().describe('RFC 4180 CSV, UTF-8 with a byte-order mark') },
  },
  contact: { method: 'GET', url: '/contacts/:id/report', summary: 'Everything sent to a contact, and what happened to each', params: ContactRef, response: { 200: ContactReport } },
  release: { method: 'GET', url: '/releases/:id/report', summary: 'A release across all its distributions', params: ReleaseRef, response: { 200: ReleaseReport } },
});
