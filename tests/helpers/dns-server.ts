/**
 * A real DNS server for tests (dns2), answering a zone the test writes: TXT, MX, A and AAAA
 * per name. UDP and TCP listen on the same port (long TXT answers are retried over TCP), so
 * the port is chosen free for both rather than left to the system. TXT values longer than
 * 255 bytes are split into character strings, as a DNS provider publishes them.
 */
import { createServer as createTcpServer } from 'node:net';
import dns2 from 'dns2';
import { afterAll, beforeAll } from 'vitest';
import { createDnsResolver, type DnsResolver } from '../../src/doctor/resolver.js';

export interface ZoneRecords {
  TXT?: string[];
  MX?: { exchange: string; priority: number }[];
  A?: string[];
  AAAA?: string[];
}

const { Packet } = dns2;
/** RFC 1035 §4.1.1 (dns2's types leave out its RCODE table). */
const NXDOMAIN = 3;
const typeNames: Record<number, keyof ZoneRecords> = { [Packet.TYPE.TXT]: 'TXT', [Packet.TYPE.MX]: 'MX', [Packet.TYPE.A]: 'A', [Packet.TYPE.AAAA]: 'AAAA' };

export const chunked = (value: string): string[] => value.match(/[\s\S]{1,255}/g) ?? [''];

function resource(name: string, type: keyof ZoneRecords, value: unknown) {
  const base = { name, type: Packet.TYPE[type], class: Packet.CLASS.IN, ttl: 60 };
  if (type === 'TXT') return { ...base, data: chunked(value as string) };
  if (type === 'MX') return { ...base, ...(value as object) };
  return { ...base, address: value as string };
}

async function freeTcpPort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export class TestDnsServer {
  /** Names in lower case, without the final dot. */
  readonly zone = new Map<string, ZoneRecords>();
  port = 0;
  private server: ReturnType<typeof dns2.createServer> | undefined;

  set(name: string, records: ZoneRecords): void {
    this.zone.set(name.toLowerCase(), { ...this.zone.get(name.toLowerCase()), ...records });
  }

  async start(): Promise<this> {
    for (let attempt = 0; ; attempt++) {
      const port = await freeTcpPort();
      const server = dns2.createServer({ udp: true, tcp: true, handle: (request, send) => send(this.answer(request)) });
      const failed = new Promise<Error>((resolve) => server.once('error', resolve));
      const outcome = await Promise.race([server.listen({ udp: { port, address: '127.0.0.1' }, tcp: { port, address: '127.0.0.1' } }).then(() => undefined), failed]);
      if (!outcome) {
        this.server = server;
        this.port = port;
        return this;
      }
      await server.close().catch(() => {});
      if (attempt >= 5) throw outcome;
    }
  }

  /** For DNS_SERVERS and Resolver.setServers. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  private answer(request: InstanceType<typeof Packet>) {
    const response = Packet.createResponseFromRequest(request);
    const question = request.questions[0];
    const name = question?.name.toLowerCase().replace(/\.$/, '') ?? '';
    const records = this.zone.get(name);
    // NXDOMAIN for an unknown name (ENOTFOUND); an empty answer for a missing type (ENODATA).
    if (!records) response.header.rcode = NXDOMAIN;
    const type = question ? typeNames[question.type] : undefined;
    for (const value of (type && records?.[type]) || []) response.answers.push(resource(question!.name, type!, value) as never);
    return response;
  }

  async close(): Promise<void> {
    await this.server?.close();
  }
}

/** A server for the enclosing describe block, with a resolver of the doctor's asking it only. */
export function withDnsServer(zone: Record<string, ZoneRecords> = {}): { server: TestDnsServer; readonly resolver: DnsResolver } {
  const server = new TestDnsServer();
  let resolver: DnsResolver | undefined;
  beforeAll(async () => {
    await server.start();
    for (const [name, records] of Object.entries(zone)) server.set(name, records);
    resolver = createDnsResolver([server.address]);
  });
  afterAll(() => server.close());
  return {
    server,
    get resolver() {
      return resolver!;
    },
  };
}
