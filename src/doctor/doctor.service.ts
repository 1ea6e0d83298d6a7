/**
 * `presswire doctor` as a use case: everything that decides whether an organisation's mail
 * arrives — its From domain's SPF, DKIM and DMARC, the bounce domain's MX, the relay — and what
 * the installation needs to run (https, Redis that never evicts, disk). Read-only; admins only.
 */
import type { Redis } from 'ioredis';
import { authorize, type Actor } from '../auth/actor.js';
import type { EmailChannelSettings } from '../channels/email/email.channel.js';
import { domainOf, type Mailbox } from '../channels/email/mime.js';
import type { Db } from '../db/client.js';
import { listKeys } from '../dkim/dkim.service.js';
import { getOrganisation } from '../organisations/organisations.service.js';
import { senderOf } from '../organisations/identity.js';
import { checkBounceMx } from './bounce-mx-check.js';
import { checkDkim } from './dkim-check.js';
import { checkDmarc } from './dmarc-check.js';
import { guarded, type Finding } from './findings.js';
import { checkDisk, checkPublicUrl, checkRedisEviction } from './host-checks.js';
import { checkRelay } from './relay-check.js';
import type { DnsResolver } from './resolver.js';
import { checkSpf } from './spf-check.js';

export interface DoctorDeps {
  db: Db;
  redis: Redis;
  resolver: DnsResolver;
  config: {
    mailFrom: Mailbox;
    publicUrl: string;
    dataDir: string;
    smtp: Pick<EmailChannelSettings, 'url' | 'verifyTLS' | 'poolSize'>;
    inbound: { bounceDomain: string | undefined };
  };
}

export interface DoctorReport {
  domain: string;
  bounceDomain: string;
  /** True when no finding fails (warnings allowed). */
  ok: boolean;
  findings: Finding[];
}

export async function runDoctor(deps: DoctorDeps, actor: Actor): Promise<DoctorReport> {
  authorize(actor, 'admin');
  const { config, resolver } = deps;
  const domain = domainOf(senderOf(await getOrganisation(deps.db, actor.orgId), config.mailFrom)).toLowerCase();
  const bounceDomain = config.inbound.bounceDomain ?? domain;
  const key = (await listKeys(deps, actor)).find((k) => k.active);
  const relayHost = config.smtp.url ? new URL(config.smtp.url).hostname : undefined;
  // SPF is checked where receivers check it, the envelope's domain, and at the From domain when that differs.
  const spfDomains = [...new Set([domain, bounceDomain])];
  const groups = await Promise.all([
    ...spfDomains.map((d) => guarded('spf', () => checkSpf(resolver, d, relayHost))),
    guarded('dkim', () => checkDkim(resolver, key, domain)),
    guarded('dmarc', () => checkDmarc(resolver, { fromDomain: domain, signingDomain: key?.domain, bounceDomain })),
    guarded('bounce-mx', () => checkBounceMx(resolver, bounceDomain, config.inbound.bounceDomain !== undefined)),
    guarded('relay', () => checkRelay(config.smtp)),
    guarded('public-url', async () => checkPublicUrl(config.publicUrl)),
    guarded('redis-eviction', () => checkRedisEviction(deps.redis)),
    guarded('disk', () => checkDisk(config.dataDir)),
  ]);
  const findings = groups.flat();
  return { domain, bounceDomain, ok: findings.every((f) => f.status !== 'fail'), findings };
}
