/** `presswire doctor`: whether the organisation's mail can arrive, each finding with its fix (admins). */
import { z } from 'zod';
import { findingStatuses } from '../doctor/findings.js';
import { area } from './operation.js';

const OrgQuery = z.object({ org: z.string().min(1).max(200).optional().describe('The organisation, by id or name (administrators of the installation)') }).strict();

const Finding = z.object({
  check: z.string().describe('spf, dkim, dmarc, dmarc-alignment, bounce-mx, relay, relay-tls, relay-auth, public-url, redis-eviction or disk'),
  status: z.enum(findingStatuses),
  detail: z.string(),
  fix: z.string().describe('What to change; empty when the check passes'),
});

const DoctorReport = z.object({
  domain: z.string().describe('The From domain checked: the organisation’s sender address, or MAIL_FROM’s'),
  bounceDomain: z.string().describe('The domain of the envelope sender (BOUNCE_DOMAIN, or the From domain)'),
  ok: z.boolean().describe('True when no finding fails; warnings do not count'),
  findings: z.array(Finding),
});
export type DoctorReport = z.infer<typeof DoctorReport>;

export const doctor = area('doctor', {
  run: {
    method: 'GET',
    url: '/doctor',
    summary: 'Check the sending domain (SPF, DKIM, DMARC, bounce MX), the relay and the installation',
    description: 'Always 200 once the checks ran: `ok` and each finding’s status tell whether mail can arrive.',
    querystring: OrgQuery,
    response: { 200: DoctorReport },
  },
});
