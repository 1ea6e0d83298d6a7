/** DKIM keys of the organisation (admins). The private key goes in on import and never comes out. */
import { z } from 'zod';
import { dkimAlgorithms } from '../channels/email/dkim-signer.js';
import { Instant } from './common.js';
import { area } from './operation.js';

const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const Selector = z
  .string()
  .max(253)
  .regex(new RegExp(`^${label}(?:\\.${label})*$`, 'i'), 'letters, digits and hyphens, dot-separated, as in a DNS name (e.g. news2026)')
  .describe('s=: the record is published at <selector>._domainkey.<domain>');
const Domain = z
  .string()
  .max(253)
  .regex(new RegExp(`^${label}(?:\\.${label})+$`, 'i'), 'a domain name such as press.example.org')
  .describe('d=: the signing domain; the organisation’s sender domain when left out, so signatures align with From');
const Algorithm = z.enum(dkimAlgorithms);
const Org = z.string().min(1).max(200).optional().describe('The organisation, by id or name (administrators of the installation)');

const GenerateBody = z.object({ selector: Selector, algorithm: Algorithm.default('rsa-sha256'), domain: Domain.optional(), org: Org }).strict();
const ImportBody = z
  .object({
    selector: Selector,
    privateKey: z.string().min(1).max(20_000).describe('PEM (PKCS#8 or PKCS#1, unencrypted), RSA or Ed25519. Never answered.'),
    algorithm: Algorithm.optional().describe('Checked against the key when given'),
    domain: Domain.optional(),
    org: Org,
  })
  .strict();
const OrgQuery = z.object({ org: Org }).strict();
const SelectorParams = z.object({ selector: Selector });

const DkimKeyView = z.object({
  selector: z.string(),
  domain: z.string(),
  algorithm: Algorithm,
  active: z.boolean().describe('Whether this key signs the organisation’s mail (the newest key does)'),
  createdAt: Instant,
  dnsRecord: z.object({ name: z.string(), type: z.literal('TXT'), value: z.string().describe('v=DKIM1; k=rsa|ed25519; p=<public key>') }).describe('What to publish in DNS'),
});
export type DkimKeyView = z.infer<typeof DkimKeyView>;

export const dkim = area('dkim', {
  generate: { method: 'POST', url: '/dkim/keys', summary: 'Generate a DKIM key (RSA-2048 unless told); it signs from now on', body: GenerateBody, response: { 201: DkimKeyView } },
  import: { method: 'POST', url: '/dkim/keys/import', summary: 'Import a DKIM private key; it signs from now on', body: ImportBody, response: { 201: DkimKeyView } },
  list: { method: 'GET', url: '/dkim/keys', summary: 'The organisation’s DKIM keys and their DNS records', querystring: OrgQuery, response: { 200: z.object({ keys: z.array(DkimKeyView) }) } },
  current: { method: 'GET', url: '/dkim/current', summary: 'The key that signs, with its DNS record', querystring: OrgQuery, response: { 200: DkimKeyView } },
  show: { method: 'GET', url: '/dkim/keys/:selector', summary: 'One DKIM key and its DNS record', params: SelectorParams, querystring: OrgQuery, response: { 200: DkimKeyView } },
  remove: {
    method: 'DELETE',
    url: '/dkim/keys/:selector',
    summary: 'Remove a DKIM key; when it signed, the newest remaining key takes over',
    params: SelectorParams,
    querystring: OrgQuery,
    response: { 200: z.object({ removed: DkimKeyView, active: DkimKeyView.nullable() }) },
  },
});
