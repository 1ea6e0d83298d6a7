/**
 * A certificate authority made for this test process with `openssl`: a CA and a server
 * certificate for 127.0.0.1 and localhost. Clients trust it through `new https.Agent({ ca })`
 * (or SOCIAL_CA_FILE), never by turning verification off.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface TestCa {
  /** PEM of the CA certificate, to trust. (Code that takes a file, like SOCIAL_CA_FILE: write it out.) */
  ca: string;
  key: string;
  cert: string;
}

const run = promisify(execFile);
const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function generate(): Promise<TestCa> {
  const dir = await mkdtemp(join(tmpdir(), 'presswire-ca-'));
  const at = (name: string) => join(dir, name);
  try {
    await run('openssl', ['req', '-x509', ...ecKey, '-keyout', at('ca.key'), '-out', at('ca.pem'), '-days', '2', '-subj', '/CN=Presswire test CA']);
    await run('openssl', ['req', ...ecKey, '-keyout', at('server.key'), '-out', at('server.csr'), '-subj', '/CN=127.0.0.1']);
    await writeFile(at('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
    await run('openssl', ['x509', '-req', '-in', at('server.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial', '-out', at('server.pem'), '-days', '2', '-extfile', at('san.ext')]);
    const [ca, key, cert] = await Promise.all([readFile(at('ca.pem'), 'utf8'), readFile(at('server.key'), 'utf8'), readFile(at('server.pem'), 'utf8')]);
    return { ca, key, cert };
  } finally {
    // Test workers are often ended without an 'exit' event: keep nothing on disk.
    await rm(dir, { recursive: true, force: true });
  }
}

let shared: Promise<TestCa> | undefined;

/** One CA per test process: generating keys is the slow part. */
export const testCa = (): Promise<TestCa> => (shared ??= generate());
