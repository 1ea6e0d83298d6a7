/**
 * The DNS the doctor asks: the system's servers, or DNS_SERVERS (a local resolver, or the
 * test's own server). Only what the checks need, so tests and callers see the whole surface.
 */
import { promises as dns } from 'node:dns';

export interface DnsResolver {
  resolveTxt(name: string): Promise<string[][]>;
  resolveMx(name: string): Promise<{ exchange: string; priority: number }[]>;
  resolve4(name: string): Promise<string[]>;
  resolve6(name: string): Promise<string[]>;
  /** As dns.promises.resolve, the form mailauth's SPF evaluation takes. */
  resolve(name: string, type: string): Promise<string[] | string[][]>;
}

export function createDnsResolver(servers: readonly string[] | undefined): DnsResolver {
  const resolver = new dns.Resolver({ timeout: 3_000, tries: 2 });
  if (servers?.length) resolver.setServers([...servers]);
  return {
    resolveTxt: (name) => resolver.resolveTxt(name),
    resolveMx: (name) => resolver.resolveMx(name),
    resolve4: (name) => resolver.resolve4(name),
    resolve6: (name) => resolver.resolve6(name),
    resolve: (name, type) => resolver.resolve(name, type) as Promise<string[] | string[][]>,
  };
}

/** "No such name" and "no record of that type" are answers (none), not failures. */
export function noneIfMissing<T>(query: Promise<T[]>): Promise<T[]> {
  return query.catch((err: unknown) => {
    if (['ENOTFOUND', 'ENODATA'].includes((err as { code?: string }).code ?? '')) return [];
    throw err;
  });
}

/** The TXT records at a name, each joined from its character strings. */
export async function txtRecords(resolver: DnsResolver, name: string): Promise<string[]> {
  return (await noneIfMissing(resolver.resolveTxt(name))).map((chunks) => chunks.join(''));
}

/** Tags of a DKIM or DMARC record (`v=DMARC1; p=none`), names lower-cased, values trimmed. */
export function recordTags(record: string): Map<string, string> {
  const pairs = record.split(';').map((t) => t.trim()).filter((t) => t.includes('='));
  return new Map(pairs.map((t) => [t.slice(0, t.indexOf('=')).trim().toLowerCase(), t.slice(t.indexOf('=') + 1).trim()]));
}
