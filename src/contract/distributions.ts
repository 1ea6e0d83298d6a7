/** Distributions: send or schedule a release, approve, move or cancel it, and follow every delivery. */
import { z } from 'zod';
import type { DeliveryKind, DeliveryStatus, DistributionStatus } from '../db/schema.js';
import type { Preflight as PreflightResult, PreflightCode } from '../distribution/preflight.js';
import { Instant, Next, PageLimit } from './common.js';
import { area } from './operation.js';

export const DistributionRef = z.object({ id: z.string().regex(/^dst_[0-9a-z]{25}$/, 'must be a distribution id (dst_…)') });
const TraceRef = z.object({ code: z.string().min(1).max(40).describe('The reference code in an embargoed copy, e.g. AB12-CD34-EF56') });

const SendBody = z.object({
  releaseId: z.string().min(1),
  lists: z.array(z.string().min(1)).default([]),
  channels: z.array(z.string().min(1)).default([]).describe('Social accounts, as network:account'),
  idempotencyKey: z.string().optional().describe('The same key again answers the same distribution (the Idempotency-Key header wins)'),
  at: z.string().min(1).optional().describe('ISO instant, or "YYYY-MM-DD HH:MM <zone>": schedule instead of sending now'),
  correction: z.boolean().optional().describe('Send a correction (a release made by POST /releases/:id/correct) to exactly those whose copy of the original was accepted; give no lists or channels'),
});
export const deliveryStatus = z.enum(['queued', 'sending', 'deferred', 'ambiguous', 'accepted', 'posted', 'dry_run', 'failed', 'bounced', 'complained', 'suppressed', 'cancelled'] as const satisfies readonly DeliveryStatus[]);
export const deliveryKind = z.enum(['email', 'embargo_update', 'social'] as const satisfies readonly DeliveryKind[]);

const AtBody = z.object({ at: z.string().min(1, 'is empty') });
const DeclineBody = z.object({ note: z.string().describe('Why it is declined: the person who asked reads it') });
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

export const distributionStatus = z.enum(['awaiting_approval', 'scheduled', 'planning', 'sending', 'completed', 'completed_with_failures', 'paused', 'cancelled'] as const satisfies readonly DistributionStatus[]);

export const DistributionReport = z.object({
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
  relay: z.string().nullable().describe('The sending relay that took an email delivery (its name)'),
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

const PreflightIssue = z.object({
  code: z.enum(['draft', 'nothing_chosen', 'nobody_to_email', 'social_refused', 'html_over_gmail', 'images_without_alt', 'invalid_addresses', 'language_fallback', 'before_embargo_lift', 'insecure_links', 'unparseable_links', 'no_address', 'no_dkim_key', 'dkim_other_domain'] as const satisfies readonly PreflightCode[]),
  message: z.string(),
});

const Preflight = z.object({
  release: z.object({ id: z.string(), headline: z.string(), language: z.string(), status: z.enum(['draft', 'finalized']), embargo: z.object({ until: Instant, zone: z.string() }).nullable() }),
  sendAt: Instant.nullable(),
  approvalRequired: z.boolean().describe('A second person with the sender role must approve it'),
  lists: z.array(z.object({ id: z.string(), name: z.string(), members: z.number().int() })),
  email: z.object({
    wouldSend: z.number().int(),
    skipped: z.object({
      suppressed: z.number().int(),
      suppressedByReason: z.partialRecord(z.enum(['unsubscribed', 'bounced', 'complained', 'manual']), z.number().int()).describe('Suppressed contacts by why'),
      duplicate: z.number().int().describe('On more than one of the lists: emailed once'),
      noAddress: z.number().int().describe('Stored without an address: the sender fails them'),
      invalidAddress: z.number().int().describe('Stored with something that is not one address: the sender fails them'),
    }),
    languageFallback: z.number().int().describe('Journalists with no version in their language: they get the release’s own'),
    byLanguage: z.record(z.string(), z.number().int()),
    embargoed: z.number().int().describe('Get the embargoed copy at the start'),
    atLift: z.number().int().describe('Public copies that wait for the embargo to lift'),
  }),
  renders: z.array(
    z.object({
      variant: z.enum(['public', 'embargoed', 'update']),
      language: z.string(),
      recipients: z.number().int(),
      htmlBytes: z.number().int(),
      overGmail: z.boolean().describe('Over the 102 KB Gmail clips at'),
      imagesWithoutAlt: z.array(z.string()),
      insecureLinks: z.array(z.string()).describe('Links over plain http:'),
      unparseableLinks: z.array(z.string()).describe('Links that are not full URLs'),
    }),
  ),
  social: z.array(
    z.object({
      accountId: z.string(),
      network: z.string(),
      networkName: z.string(),
      name: z.string(),
      posts: z.number().int(),
      longest: z.number().int(),
      limit: z.number().int(),
      unit: z.string(),
      refused: z.string().nullable(),
    }),
  ),
  dkim: z.object({ domain: z.string(), selector: z.string().nullable(), keyDomain: z.string().nullable() }).describe('The sending domain and the DKIM key that signs its mail (null: unsigned)'),
  problems: z.array(PreflightIssue).describe('Each one blocks the send'),
  warnings: z.array(PreflightIssue),
}) satisfies z.ZodType<PreflightResult>;

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
  preflight: {
    method: 'POST',
    url: '/distributions/preflight',
    summary: 'What a send would do, without sending: who gets it, who is skipped and why, and what to check first',
    body: SendBody,
    response: { 200: Preflight },
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
  decline: {
    method: 'POST',
    url: '/distributions/:id/decline',
    summary: 'Decline a distribution awaiting approval, saying why: it is cancelled',
    params: DistributionRef,
    body: DeclineBody,
    response: { 200: DistributionReport },
  },
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
