/**
 * The only reader of process.env. Every setting is validated here once, at start-up,
 * and a bad value stops the process with a message naming the variable.
 */
import { createPublicKey } from 'node:crypto';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import addressparser from 'nodemailer/lib/addressparser';
import { z } from 'zod';
import { relayPlanOf } from './config-relays.js';
import { checkAddress } from './contacts/address.js';
import { AppError } from './errors.js';

// Not z.coerce.boolean(): Boolean("false") === true.
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

const int = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const url = (protocols: string[], what: string) =>
  z.string().refine((v) => URL.canParse(v) && protocols.includes(new URL(v).protocol), `must be a ${what} URL (${protocols.join(' or ')})`);

const domainName = /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,62}$/;

const ServerEnv = z.object({
  PORT: int(3000, 0, 65535),
  HOST: z.string().min(1).default('127.0.0.1'),
  // Unset: the client address is the socket's, whatever X-Forwarded-For says (leak tracing records it).
  TRUST_PROXY: z
    .string()
    .regex(/^(\d+|[0-9a-fA-F.:/]+(,\s*[0-9a-fA-F.:/]+)*)$/, 'must be the number of proxies in front, or their addresses (comma-separated IPs or CIDRs)')
    .optional(),
  PUBLIC_URL: url(['http:', 'https:'], 'http(s)').optional(),
  // Beside PUBLIC_URL's host and this machine's names: other names the server answers to.
  ALLOWED_HOSTS: z
    .string()
    .regex(/^[A-Za-z0-9.-]+(,\s*[A-Za-z0-9.-]+)*$/, 'must be host names, comma-separated (no ports)')
    .optional(),
  PRESSWIRE_DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: url(['redis:', 'rediss:'], 'Redis').default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'may hold letters, digits, "_", "." and "-" only').default('presswire'),
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'PostgreSQL').optional(),
  SMTP_URL: url(['smtp:', 'smtps:'], 'SMTP').optional(),
  // Several relays, in order of preference (see src/config-relays.ts).
  SMTP_URLS: z.string().min(1).optional(),
  SMTP_RELAYS_FILE: z.string().min(1).optional(),
  SMTP_POOL_SIZE: int(5, 1, 100),
  // A failed relay's circuit stays open this long before one probe message tests it.
  SMTP_RELAY_COOLDOWN_MS: int(30_000, 100),
  SMTP_TLS_VERIFY: flag(true),
  MAIL_FROM: z
    .string()
    .transform((v, ctx) => {
      const parsed = addressparser(v);
      const first = parsed.length === 1 && 'address' in parsed[0]! ? parsed[0] : undefined;
      const check = first?.address ? checkAddress(first.address) : undefined;
      if (!first || !check?.ok) {
        ctx.addIssue({ code: 'custom', message: 'must be one mailbox, like "Newsroom <press@example.org>" or press@example.org' });
        return z.NEVER;
      }
      return { name: first.name || undefined, address: check.address };
    })
    .optional(),
  ORG_NAME: z.string().min(1).optional(),
  ORG_ADDRESS: z.string().min(1).optional(),
  PRESSWIRE_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    // The example value in docker-compose.yml and the docs is public: it signs nothing.
    .refine((v) => !/change-?me/i.test(v), 'is the example value; set a long random one of your own (openssl rand -hex 32)')
    .optional(),
  PRESSWIRE_ACCOUNTS_KEY: z
    .string()
    .refine((v) => /^[0-9a-f]{64}$/i.test(v) || Buffer.from(v, 'base64').length === 32, 'must be 32 bytes as 64 hex characters or base64')
    .optional(),
  X_API_BASE_URL: url(['https:'], 'https').optional(),
  BLUESKY_SERVICE_URL: url(['http:', 'https:'], 'http(s)').optional(),
  SOCIAL_CA_FILE: z.string().min(1).optional(),
  SOCIAL_TIMEOUT_MS: int(15_000, 100),
  // Development only: a Mastodon instance or Bluesky PDS on this machine or this network.
  SOCIAL_ALLOW_HTTP: flag(false),
  SOCIAL_ALLOW_PRIVATE_HOSTS: flag(false),
  // Outbound webhooks: how long an endpoint may take to answer, the first retry's delay (each
  // later one doubles it), and, in development only, a receiver on this machine or network.
  WEBHOOK_TIMEOUT_MS: int(10_000, 100, 120_000),
  WEBHOOK_RETRY_BASE_MS: int(10_000, 1),
  WEBHOOKS_ALLOW_HTTP: flag(false),
  WEBHOOKS_ALLOW_PRIVATE_HOSTS: flag(false),
  PRESSWIRE_TEMPLATES: z.string().min(1).optional(),
  OUTBOX_PORT: int(2525, 0, 65535),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  WORKER_CONCURRENCY: int(4, 1, 256),
  SEND_BATCH_SIZE: int(200, 1, 1000),
  LEASE_MS: int(10_000, 1000),
  RECONCILE_INTERVAL_MS: int(10_000, 100),
  QUEUE_LOCK_MS: int(10_000, 500),
  QUEUE_STALLED_INTERVAL_MS: int(5_000, 100),
  RETRY_MAX_ATTEMPTS: int(8, 1, 100),
  RETRY_BASE_DELAY_MS: int(60_000, 1),
  RETRY_MAX_AGE_MS: int(24 * 3600_000, 1),
  SMTP_THROTTLE_MS: int(5_000, 1),
  SHUTDOWN_GRACE_MS: int(30_000, 0),
  REDIS_ALLOW_EVICTION: flag(false),
  CSV_IMPORT_MAX_BYTES: int(100 * 1024 * 1024, 1),
  CSV_IMPORT_MAX_ROWS: int(1_000_000, 1),
  SESSION_TTL_MS: int(12 * 3600_000, 60_000),
  SIGN_IN_LINK_TTL_MS: int(15 * 60_000, 60_000, 24 * 3600_000),
  // "test" makes argon2id cheap (m = 256 KiB, t = 1) so suites can create many users; never in production.
  PASSWORD_HASH_COST: z.enum(['default', 'test']).default('default'),
  SIGN_IN_MAX_FAILURES: int(5, 1, 1000),
  SIGN_IN_LOCKOUT_MS: int(60_000, 1000),
  RATE_LIMIT_SIGN_IN: int(10, 1),
  RATE_LIMIT_LINKS: int(120, 1),
  RATE_LIMIT_API: int(600, 1),
  // Metrics: GET /metrics answers a Prometheus scrape bearing this token; unset, it is off (404).
  // METRICS_PORT serves the same on a listener of its own, for a process without the API (`presswire worker`).
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters (openssl rand -hex 32)').optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  // provider webhooks: each route answers 404 until its provider is configured.
  // SES through SNS: the topics whose notifications count, comma-separated ARNs, or "*" for any topic whose signature verifies.
  SES_SNS_TOPIC_ARNS: z
    .string()
    .regex(/^(\*|arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+(,\s*arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+)*)$/, 'must be SNS topic ARNs (arn:aws:sns:<region>:<account>:<topic>), comma-separated, or "*"')
    .optional(),
  // Development and tests only: hosts (host[:port]) that stand in for sns.<region>.amazonaws.com, reached over http(s) even on private addresses.
  SES_SNS_TEST_HOSTS: z
    .string()
    .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?(,\s*[A-Za-z0-9.-]+(:\d{1,5})?)*$/, 'must be host names or host:port, comma-separated')
    .optional(),
  POSTMARK_WEBHOOK_USER: z.string().min(1).max(200).regex(/^[^:]+$/, 'may not contain ":"').optional(),
  POSTMARK_WEBHOOK_PASSWORD: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
  // Instead of basic auth: a secret path segment, POST /webhooks/postmark/<secret>.
  POSTMARK_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{24,200}$/, 'must be 24 or more letters, digits, "_" or "-" (openssl rand -hex 16)').optional(),
  MAILGUN_WEBHOOK_SIGNING_KEY: z.string().min(8).max(200).optional(),
  SENDGRID_WEBHOOK_PUBLIC_KEY: z
    .string()
    .refine((v) => isSpkiKey(v), 'must be the verification key SendGrid shows: base64 of an EC public key (SPKI DER)')
    .optional(),
  RATE_LIMIT_WEBHOOKS: int(6000, 1),
  // inbound mail: VERP bounces, feedback reports and replies (src/inbound/)
  BOUNCE_DOMAIN: z.string().regex(domainName, 'must be a domain name, like bounces.example.org').optional(),
  REPLY_DOMAIN: z.string().regex(domainName, 'must be a domain name, like replies.example.org').optional(),
  INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  INBOUND_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  INBOUND_SMTP_MAX_BYTES: int(10 * 1024 * 1024, 1024),
  // presswire doctor: the DNS servers its checks ask (ip or ip:port, [ipv6]:port), instead of the system's.
  DNS_SERVERS: z
    .string()
    .refine((v) => listOf(v).every(isDnsServer), 'must be DNS server addresses, comma-separated (192.0.2.53, 192.0.2.53:5353 or [2001:db8::53]:53)')
    .optional(),
});

/** An address node:dns accepts in setServers: an IP, with a port after it (IPv6 in brackets then). */
function isDnsServer(value: string): boolean {
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/i.exec(value);
  const withPort = /^([0-9.]+):(\d{1,5})$/.exec(value);
  const [ip, port] = bracketed ? [bracketed[1]!, bracketed[2]] : withPort ? [withPort[1]!, withPort[2]] : [value, undefined];
  return isIP(ip) !== 0 && (port === undefined || (Number(port) > 0 && Number(port) < 65536));
}

/** A base64 SPKI DER EC key, as SendGrid shows its webhook verification key. */
function isSpkiKey(value: string): boolean {
  try {
    return createPublicKey({ key: Buffer.from(value, 'base64'), format: 'der', type: 'spki' }).asymmetricKeyType === 'ec';
  } catch {
    return false;
  }
}

type ServerEnv = z.infer<typeof ServerEnv>;

function parseEnv<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  const lines = issues.map((i) => `  ${i.field}: ${i.message}`).join('\n');
  throw new AppError('CONFIG', `Invalid configuration:\n${lines}`, { issues });
}

const listOf = (value: string | undefined): string[] => (value ?? '').split(',').map((v) => v.trim().toLowerCase()).filter(Boolean);

const devMailFrom = { name: 'Presswire', address: 'newsroom@presswire.localhost' };

/** Cross-variable rules: a real relay needs a real sender and the organisation's postal address. */
/** Postmark's basic-auth credentials come as a pair. */
function checkPostmarkSettings(e: ServerEnv): void {
  const missing = !e.POSTMARK_WEBHOOK_USER !== !e.POSTMARK_WEBHOOK_PASSWORD ? (e.POSTMARK_WEBHOOK_USER ? 'POSTMARK_WEBHOOK_PASSWORD' : 'POSTMARK_WEBHOOK_USER') : undefined;
  if (missing) throw new AppError('CONFIG', `Invalid configuration:\n  ${missing}: must be set with the other Postmark webhook credential`, { issues: [{ field: missing, message: 'must be set with the other Postmark webhook credential' }] });
}

function checkRelaySettings(e: ServerEnv): void {
  if (!e.SMTP_URL && !e.SMTP_URLS && !e.SMTP_RELAYS_FILE) return;
  const missing = (['MAIL_FROM', 'ORG_NAME', 'ORG_ADDRESS'] as const).filter((k) => !e[k]);
  if (missing.length > 0) {
    throw new AppError(
      'CONFIG',
      `Invalid configuration:\n${missing.map((k) => `  ${k}: must be set when SMTP_URL is set (mail to journalists carries the sender and the organisation's postal address)`).join('\n')}`,
      { issues: missing.map((field) => ({ field, message: 'must be set when SMTP_URL is set' })) },
    );
  }
}

function checkMetricsSettings(e: ServerEnv): void {
  if (e.METRICS_PORT === undefined || e.METRICS_TOKEN) return;
  throw new AppError('CONFIG', 'Invalid configuration:\n  METRICS_TOKEN: must be set when METRICS_PORT is set (scrapes carry it)', {
    issues: [{ field: 'METRICS_TOKEN', message: 'must be set when METRICS_PORT is set' }],
  });
}

/** Fastify's trustProxy: off, the number of proxies in front (as a hop test), or their addresses. */
function trustProxyOf(value: string | undefined): false | string[] | ((address: string, hop: number) => boolean) {
  if (value === undefined) return false;
  if (!/^\d+$/.test(value)) return value.split(',').map((v) => v.trim());
  const hops = Number(value);
  return (_address, hop) => hop < hops;
}

/** The names a request's Host may carry: a page reached under any other name is a DNS-rebinding attempt. */
function allowedHostsOf(listenHost: string, publicUrl: string | undefined, extra: string | undefined): string[] {
  const names = ['localhost', '127.0.0.1', '[::1]', listenHost.includes(':') ? `[${listenHost}]` : listenHost, ...(publicUrl ? [new URL(publicUrl).hostname] : []), ...(extra ?? '').split(',').map((h) => h.trim())];
  return [...new Set(names.filter(Boolean).map((h) => h.toLowerCase()))];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const e = parseEnv(ServerEnv, env);
  checkRelaySettings(e);
  checkMetricsSettings(e);
  checkPostmarkSettings(e);
  const dataDir = resolve(e.PRESSWIRE_DATA_DIR);
  const relayPlan = relayPlanOf(e, e.SMTP_POOL_SIZE);
  const publicHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? '127.0.0.1' : e.HOST;
  return Object.freeze({
    http: { host: e.HOST, port: e.PORT, trustProxy: trustProxyOf(e.TRUST_PROXY), allowedHosts: allowedHostsOf(publicHost, e.PUBLIC_URL, e.ALLOWED_HOSTS) },
    publicUrl: (e.PUBLIC_URL ?? `http://${publicHost}:${e.PORT}`).replace(/\/+$/, ''),
    dataDir,
    redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX, allowEviction: e.REDIS_ALLOW_EVICTION },
    database: e.DATABASE_URL
      ? ({ kind: 'postgres', url: e.DATABASE_URL } as const)
      : ({ kind: 'sqlite', file: resolve(dataDir, 'presswire.db') } as const),
    smtp: {
      /** The first relay, for single messages; unset: mail goes to the built-in development outbox. */
      url: relayPlan.relays[0]?.url,
      poolSize: e.SMTP_POOL_SIZE,
      verifyTLS: e.SMTP_TLS_VERIFY,
      relays: relayPlan.relays,
      /** Organisation id or name → its relays' names, in order of preference. */
      organisationRelays: relayPlan.organisations,
      cooldownMs: e.SMTP_RELAY_COOLDOWN_MS,
    },
    outbox: { enabled: relayPlan.relays.length === 0, host: publicHost, port: e.OUTBOX_PORT, dir: resolve(dataDir, 'outbox') },
    mailFrom: e.MAIL_FROM ?? devMailFrom,
    organization: {
      name: e.ORG_NAME ?? 'Presswire Newsroom',
      postalAddress: e.ORG_ADDRESS ?? 'Postal address not configured (set ORG_ADDRESS)',
    },
    /** HMAC key for tokens in mail; when unset one is generated into the data directory. */
    secret: e.PRESSWIRE_SECRET,
    social: {
      /** Seals stored credentials; derived from the secret when unset. */
      accountsKey: e.PRESSWIRE_ACCOUNTS_KEY,
      timeoutMs: e.SOCIAL_TIMEOUT_MS,
      /** Extra trusted certificates (PEM) for social APIs reached through a proxy or a test server. */
      caFile: e.SOCIAL_CA_FILE ? resolve(e.SOCIAL_CA_FILE) : undefined,
      baseUrls: { x: e.X_API_BASE_URL, bluesky: e.BLUESKY_SERVICE_URL },
      /** What Mastodon and Bluesky requests may reach: public https:// servers, unless developing. */
      outbound: { allowHttp: e.SOCIAL_ALLOW_HTTP, allowPrivateHosts: e.SOCIAL_ALLOW_PRIVATE_HOSTS },
    },
    /** Outbound webhooks: endpoints are reached like social servers, public https:// only unless developing. */
    webhooks: {
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      outbound: { allowHttp: e.WEBHOOKS_ALLOW_HTTP, allowPrivateHosts: e.WEBHOOKS_ALLOW_PRIVATE_HOSTS },
    },
    templatesDir: e.PRESSWIRE_TEMPLATES ? resolve(e.PRESSWIRE_TEMPLATES) : undefined,
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    worker: {
      concurrency: e.WORKER_CONCURRENCY,
      batchSize: e.SEND_BATCH_SIZE,
      leaseMs: e.LEASE_MS,
      reconcileIntervalMs: e.RECONCILE_INTERVAL_MS,
      lockMs: e.QUEUE_LOCK_MS,
      stalledIntervalMs: e.QUEUE_STALLED_INTERVAL_MS,
      shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    },
    /** A media-list import larger than this is refused (413) before it is stored. */
    csvImport: { maxBytes: e.CSV_IMPORT_MAX_BYTES, maxRows: e.CSV_IMPORT_MAX_ROWS },
    auth: {
      sessionTtlMs: e.SESSION_TTL_MS,
      /** Emailed sign-in links; links handed over by an administrator last 24 hours. */
      linkTtlMs: e.SIGN_IN_LINK_TTL_MS,
      passwordCost: e.PASSWORD_HASH_COST,
      /** Consecutive failed passwords that lock an address, and the first lockout (doubled by each further failure). */
      maxFailures: e.SIGN_IN_MAX_FAILURES,
      lockoutMs: e.SIGN_IN_LOCKOUT_MS,
      /** Cookies carry Secure (and the __Host- prefix) when people reach us over HTTPS. */
      secureCookies: (e.PUBLIC_URL ?? '').startsWith('https:'),
    },
    /** Requests per minute: sign-in forms and recipients' links per client IP, the API per token or session. */
    /** Prometheus metrics: off without a token; `port` adds a listener of its own beside the API. */
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.HOST },
    rateLimits: { signIn: e.RATE_LIMIT_SIGN_IN, links: e.RATE_LIMIT_LINKS, api: e.RATE_LIMIT_API },
    /** Bounces and complaints reported by sending providers; a provider left unset has no route. */
    providers: {
      /** Requests per minute per client address to /webhooks/…. */
      perMinute: e.RATE_LIMIT_WEBHOOKS,
      ses: e.SES_SNS_TOPIC_ARNS ? { topicArns: e.SES_SNS_TOPIC_ARNS === '*' ? ('any' as const) : e.SES_SNS_TOPIC_ARNS.split(',').map((a) => a.trim()), testHosts: listOf(e.SES_SNS_TEST_HOSTS) } : undefined,
      postmark:
        e.POSTMARK_WEBHOOK_SECRET || e.POSTMARK_WEBHOOK_USER
          ? { basic: e.POSTMARK_WEBHOOK_USER && e.POSTMARK_WEBHOOK_PASSWORD ? { user: e.POSTMARK_WEBHOOK_USER, password: e.POSTMARK_WEBHOOK_PASSWORD } : undefined, pathSecret: e.POSTMARK_WEBHOOK_SECRET }
          : undefined,
      mailgun: e.MAILGUN_WEBHOOK_SIGNING_KEY ? { signingSecret: e.MAILGUN_WEBHOOK_SIGNING_KEY } : undefined,
      sendgrid: e.SENDGRID_WEBHOOK_PUBLIC_KEY ? { publicKey: e.SENDGRID_WEBHOOK_PUBLIC_KEY } : undefined,
    },
    inbound: {
      /** Unset: the domain of the sending address (the organisation's sender, or MAIL_FROM). */
      bounceDomain: e.BOUNCE_DOMAIN?.toLowerCase(),
      /** Set: replies go to replies+<token>@ this domain (our inbound endpoint), not to the media contact. */
      replyDomain: e.REPLY_DOMAIN?.toLowerCase(),
      host: e.INBOUND_SMTP_HOST,
      /** Where `presswire start` and `presswire inbound` listen (2526 when unset); `presswire serve` runs the endpoint only when this is set. */
      port: e.INBOUND_SMTP_PORT,
      maxBytes: e.INBOUND_SMTP_MAX_BYTES,
    },
    /** presswire doctor: unset, the system's DNS servers answer its checks. */
    doctor: { dnsServers: e.DNS_SERVERS ? listOf(e.DNS_SERVERS) : undefined },
    retry: {
      maxAttempts: e.RETRY_MAX_ATTEMPTS,
      baseDelayMs: e.RETRY_BASE_DELAY_MS,
      maxAgeMs: e.RETRY_MAX_AGE_MS,
      throttleMs: e.SMTP_THROTTLE_MS,
    },
  });
}
export type Config = ReturnType<typeof loadConfig>;

const ClientEnv = z.object({
  PRESSWIRE_URL: url(['http:', 'https:'], 'http(s)').default('http://127.0.0.1:3000'),
  PRESSWIRE_TOKEN: z.string().min(1).optional(),
  PRESSWIRE_DATA_DIR: z.string().min(1).default('./data'),
});

/** Settings of the CLI as an API client. */
export function loadClientConfig(env: NodeJS.ProcessEnv = process.env) {
  const e = parseEnv(ClientEnv, env);
  return Object.freeze({
    url: e.PRESSWIRE_URL.replace(/\/+$/, ''),
    token: e.PRESSWIRE_TOKEN,
    dataDir: resolve(e.PRESSWIRE_DATA_DIR),
  });
}
export type ClientConfig = ReturnType<typeof loadClientConfig>;
