/** Distributions: send or schedule a release, approve, move or cancel it, and follow every delivery. */
import { z } from 'zod';
import type { DeliveryKind, DeliveryStatus, DistributionStatus } from '../db/schema.js';
import { Instant, Next, PageLimit } from './common.js';
import { area } from './operation.js';

const DistributionRef = z.object({ id: z.string().regex(/^dst_[0-9a-z]{25}$/, 'must be a distribution id (dst_…)') });
const TraceRef = z.object({ code: z.string().min(1).max(40).describe('The reference code in an embargoed copy, e.g. AB12-CD34-EF56') });

const SendBody = z.object({
  releaseId: z.string().min(1),
  lists: z.array(z.string().min(1)).default([]),
  channels: z.array(z.string().min(1)).default([]).describe('Social accounts, as network:account'),
  idempotencyKey: z.string().optional().describe('The same key again answers the same distribution (the Idempotency-Key header wins)'),
  at: z.string().min(1).optional().describe('ISO instant, or "YYYY-MM-DD HH:MM <zone>": schedule instead of sending now'),
});
const deliveryStatus = z.enum(['queued', 'sending', 'deferred', 'ambiguous', 'accepted', 'posted', 'dry_run', 'failed', 'bounced', 'suppressed', 'cancelled'] as const satisfies readonly DeliveryStatus[]);
const deliveryKind = z.enum(['email', 'embargo_update', 'social'] as const satisfies readonly DeliveryKind[]);

const AtBody = z.object({ at: z.string().min(1, 'is empty') });
const ListQuery = z.object({
  status: z.literal('scheduled').optional().describe('Only those waiting for their time or for approval, soonest first (all of them, on one page)'),
  after: z.string().optional(),
  limit: PageLimit,
});
export const DeliveriesQuery = z.object({
  after: z.string().optional(),
  limit: PageLimit,
  status: deliveryStatus.optional(),
  list: z.string().startsWith('lst_').optional().describe('Only recipients on this list (by id)'),
  outlet: z.string().min(1).max(200).optional().describe('Only recipients of this outlet (exactly, ignoring case)'),
  kind: deliveryKind.optional(),
});
export type DeliveriesQuery = z.infer<typeof DeliveriesQuery>;

const distributionStatus = z.enum(['awaiting_approval', 'scheduled', 'planning', 'sending', 'completed', 'completed_with_failures', 'paused', 'cancelled'] as const satisfies readonly DistributionStatus[]);

const DistributionReport = z.object({
  id: z.string(),
  releaseId: z.string(),
  status: distributionStatus,
  statusReason: z.string().nullable(),
  total: z.number().int(),
  owed: z.number().int(),
  done: z.boolean().describe('No delivery is owed and the distribution will not change by itself'),
  counts: z.record(deliveryStatus, z.number().int()),
  possibleDuplicates: z.number().int().describe('Deliveries that may have reached their recipient twice (a reply was lost)'),
  createdAt: Instant,
  completedAt: Instant.nullable(),
});
export type DistributionReport = z.infer<typeof DistributionReport>;

const DeliveryLine = z.object({
  id: z.string(),
  kind: deliveryKind,
  channel: z.string().describe('email, or the social network that posts it'),
  address: z.string(),
  name: z.string().nullable(),
  status: deliveryStatus,
  attempts: z.number().int(),
  nextAttemptAt: Instant.nullable(),
  lastCode: z.number().int().nullable(),
  lastEnhanced: z.string().nullable(),
  lastReply: z.string().nullable(),
  reason: z.string().nullable(),
  messageId: z.string(),
  possibleDuplicate: z.boolean(),
  url: z.string().nullable().describe('A social post’s address on its network'),
  outlet: z.string().nullable(),
  lists: z.array(z.string()).describe('The distribution’s lists the contact is on, by name'),
  referenceCode: z.string().nullable().describe('The recipient’s own code in an embargoed copy (see /trace/:code)'),
  finishedAt: Instant.nullable(),
});
export type DeliveryLine = z.infer<typeof DeliveryLine>;

const DistributionCreated = z.object({ id: z.string(), status: distributionStatus, created: z.boolean(), sendAt: Instant.nullable() });

const DistributionSummary = z.object({
  id: z.string(),
  releaseId: z.string(),
  headline: z.string(),
  sendAt: Instant.nullable(),
  lists: z.array(z.string()).describe('List ids'),
  idempotencyKey: z.string().nullable(),
  status: distributionStatus,
  createdAt: Instant,
  completedAt: Instant.nullable(),
  total: z.number().int().describe('Deliveries planned'),
  succeeded: z.number().int().describe('Deliveries accepted by the relay or posted'),
});
const Retried = z.object({ id: z.string(), status: distributionStatus, retried: z.number().int().describe('Failed deliveries queued again') });

const Rescheduled = z.object({ id: z.string(), status: distributionStatus, sendAt: Instant });

const Trace = z.object({
  code: z.string(),
  deliveryId: z.string(),
  distributionId: z.string(),
  release: z.object({ id: z.string(), headline: z.string() }),
  recipient: z.object({ name: z.string().nullable(), address: z.string(), outlet: z.string().nullable() }),
  status: z.string(),
  sentAt: Instant.nullable(),
  views: z.array(z.object({ at: Instant, ip: z.string().nullable(), userAgent: z.string().nullable() })).describe('Every time the code’s link was opened'),
});

const EmailResumed = z.object({ resumed: z.number().int().describe('Distributions that continue') });

export const distributions = area('distributions', {
  create: {
    method: 'POST',
    url: '/distributions',
    summary: 'Send a finalized release to media lists and social accounts, now or at a time',
    description: 'An Idempotency-Key header (or idempotencyKey) makes retries safe: the same key answers the same distribution, 200 instead of 201.',
    body: SendBody,
    response: { 201: DistributionCreated, 200: DistributionCreated },
  },
  list: {
    method: 'GET',
    url: '/distributions',
    summary: 'The organisation’s distributions, newest first; with status=scheduled, those waiting for their time or for approval',
    querystring: ListQuery,
    response: { 200: z.object({ distributions: z.array(DistributionSummary), next: Next }) },
  },
  cancel: { method: 'POST', url: '/distributions/:id/cancel', summary: 'Cancel: before it starts nothing is sent; once sending, what is not yet sent', params: DistributionRef, response: { 200: DistributionReport } },
  reschedule: { method: 'POST', url: '/distributions/:id/reschedule', summary: 'Move a scheduled distribution to another time', params: DistributionRef, body: AtBody, response: { 200: Rescheduled } },
  retry: {
    method: 'POST',
    url: '/distributions/:id/retry',
    summary: 'Try the failed deliveries again, except those whose address does not exist or cannot be one',
    params: DistributionRef,
    response: { 200: Retried },
  },
  approve: { method: 'POST', url: '/distributions/:id/approve', summary: 'Approve a distribution awaiting a second person', params: DistributionRef, response: { 200: DistributionReport } },
  trace: { method: 'GET', url: '/trace/:code', summary: 'The journalist an embargoed copy was sent to, from its reference code', params: TraceRef, response: { 200: Trace } },
  report: { method: 'GET', url: '/distributions/:id', summary: 'Counts by delivery status', params: DistributionRef, response: { 200: DistributionReport } },
  deliveries: {
    method: 'GET',
    url: '/distributions/:id/deliveries',
    summary: 'One line per delivery, a page at a time',
    params: DistributionRef,
    querystring: DeliveriesQuery,
    response: { 200: z.object({ deliveries: z.array(DeliveryLine), next: Next }) },
  },
  emailState: { method: 'GET', url: '/email', summary: 'Whether email sending is paused', response: { 200: z.object({ paused: z.boolean() }) } },
  resumeEmail: { method: 'POST', url: '/email/resume', summary: 'Resume email sending after a pause', response: { 200: EmailResumed } },
});
