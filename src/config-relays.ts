/**
 * The sending relays, from SMTP_URL (one relay), SMTP_URLS (comma-separated, in order of
 * preference, each URL carrying its limits as `?rate=&daily=&connections=&name=`) or a relays
 * file (SMTP_RELAYS_FILE, YAML or JSON) that may also give organisations lists of their own.
 * Every error names the variable and the relay.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from './errors.js';

export interface RelaySettings {
  /** A short label, recorded on every delivery the relay takes. */
  name: string;
  /** smtp:// or smtps://, with credentials, without the limit parameters. */
  url: string;
  /** Messages a second across every worker; unset means no limit of ours. */
  rate?: number;
  /** Messages a UTC day across every worker. */
  daily?: number;
  /** SMTP connections each worker process keeps open to it. */
  connections: number;
}

export interface RelayPlan {
  relays: RelaySettings[];
  /** Organisation id or name → the names of its relays, in order of preference. */
  organisations: Record<string, string[]>;
}

const name = z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'must be 1-40 letters, digits, "_", "." or "-"');
const smtpUrl = z.string().refine((v) => URL.canParse(v) && ['smtp:', 'smtps:'].includes(new URL(v).protocol), 'must be an SMTP URL (smtp: or smtps:)');
const positive = z.coerce.number().positive().max(100_000);
const whole = (max: number) => z.coerce.number().int().min(1).max(max);

const Relay = z.object({
  name: name.optional(),
  url: smtpUrl,
  rate: positive.optional(),
  daily: whole(100_000_000).optional(),
  connections: whole(100).optional(),
}).strict();

const RelaysFile = z.object({
  relays: z.array(Relay).min(1, 'must list at least one relay'),
  organisations: z.record(z.string().min(1), z.array(name).min(1)).default({}),
}).strict();

type RelayInput = z.infer<typeof Relay>;

function fail(variable: string, relay: string, message: string): never {
  const field = `${variable} (${relay})`;
  throw new AppError('CONFIG', `Invalid configuration:\n  ${field}: ${message}`, { issues: [{ field, message }] });
}

/** The label of a relay for error messages: never its password. */
const shown = (url: string): string => (URL.canParse(url) ? new URL(url).host : url.replace(/\/\/[^@/]*@/, '//'));

function check(variable: string, label: string, input: unknown): RelayInput {
  const parsed = Relay.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  return fail(variable, label, `${issue.path.join('.') || 'relay'} ${issue.message}`);
}

function settle(input: RelayInput, index: number, poolSize: number): RelaySettings {
  const url = new URL(input.url);
  url.search = '';
  return { name: input.name ?? `relay-${index + 1}`, url: url.toString().replace(/\/$/, ''), rate: input.rate, daily: input.daily, connections: input.connections ?? poolSize };
}

/** One URL of SMTP_URLS: its limits ride in the query string. */
function fromUrl(variable: string, raw: string, index: number, poolSize: number): RelaySettings {
  const label = `relay ${index + 1}, ${shown(raw)}`;
  if (!URL.canParse(raw)) fail(variable, label, 'must be an SMTP URL (smtp: or smtps:)');
  const params = Object.fromEntries(new URL(raw).searchParams);
  const unknown = Object.keys(params).filter((k) => !['rate', 'daily', 'connections', 'name'].includes(k));
  if (unknown.length > 0) fail(variable, label, `unknown parameter ${unknown.join(', ')} (use rate, daily, connections, name)`);
  return settle(check(variable, label, { ...params, url: raw }), index, poolSize);
}

function fromFile(variable: string, path: string, poolSize: number): RelayPlan {
  let data: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    data = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    fail(variable, path, `cannot be read: ${(err as Error).message}`);
  }
  const parsed = RelaysFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [top, at] = issue.path;
    const entry = top === 'relays' && typeof at === 'number' ? (data as { relays: { name?: string }[] }).relays[at]?.name ?? `relay ${at + 1}` : issue.path.join('.');
    fail(variable, String(entry), `${issue.path.slice(2).join('.') || String(top ?? 'file')} ${issue.message}`);
  }
  const relays = parsed.data.relays.map((r, i) => settle(r, i, poolSize));
  const known = new Set(relays.map((r) => r.name));
  for (const [org, names] of Object.entries(parsed.data.organisations)) {
    const missing = names.find((n) => !known.has(n));
    if (missing) fail(variable, missing, `organisation "${org}" names a relay the file does not define`);
  }
  return { relays, organisations: parsed.data.organisations };
}

function distinctNames(variable: string, plan: RelayPlan): RelayPlan {
  const seen = new Set<string>();
  for (const r of plan.relays) {
    if (seen.has(r.name)) fail(variable, r.name, 'two relays have this name');
    seen.add(r.name);
  }
  return plan;
}

export interface RelayEnv {
  SMTP_URL?: string;
  SMTP_URLS?: string;
  SMTP_RELAYS_FILE?: string;
}

/** No relay at all means the development outbox. */
export function relayPlanOf(e: RelayEnv, poolSize: number): RelayPlan {
  const given = (['SMTP_URL', 'SMTP_URLS', 'SMTP_RELAYS_FILE'] as const).filter((k) => e[k]);
  if (given.length > 1) fail(given[1]!, given.join(', '), 'set only one of SMTP_URL, SMTP_URLS and SMTP_RELAYS_FILE');
  if (e.SMTP_RELAYS_FILE) return distinctNames('SMTP_RELAYS_FILE', fromFile('SMTP_RELAYS_FILE', e.SMTP_RELAYS_FILE, poolSize));
  if (e.SMTP_URLS) {
    const urls = e.SMTP_URLS.split(',').map((u) => u.trim()).filter(Boolean);
    return distinctNames('SMTP_URLS', { relays: urls.map((u, i) => fromUrl('SMTP_URLS', u, i, poolSize)), organisations: {} });
  }
  if (e.SMTP_URL) return { relays: [{ name: 'relay-1', url: e.SMTP_URL, connections: poolSize }], organisations: {} };
  return { relays: [], organisations: {} };
}
