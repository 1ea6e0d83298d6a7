import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Answer } from '../../contract/operation.js';
import type { dkim as operations, DkimKeyView } from '../../contract/dkim.js';
import { AppError } from '../../errors.js';
import type { ApiClient } from '../client.js';
import { emit, table, type JsonFlag } from '../output.js';

type OrgFlag = JsonFlag & { org?: string };
type KeyFlags = OrgFlag & { selector: string; algorithm?: string; domain?: string };

const orgQuery = (flags: OrgFlag) => (flags.org ? `?org=${encodeURIComponent(flags.org)}` : '');

/** What to publish, in the form a DNS provider's form or a zone file takes. */
const record = (key: DkimKeyView) =>
  `${key.dnsRecord.name}. IN TXT "${key.dnsRecord.value}"\n\n` +
  `selector ${key.selector}, domain ${key.domain}, ${key.algorithm}${key.active ? ', signs the organisation’s mail' : ', not signing'}`;

/** A private key comes from a file or stdin, never from the command line (shell history, `ps`). */
function readKey(source: string): string {
  try {
    return readFileSync(source === '-' ? 0 : source, 'utf8');
  } catch (err) {
    throw new AppError('VALIDATION', `Cannot read the key from ${source === '-' ? 'standard input' : source}: ${(err as Error).message}`, { issues: [{ field: 'key', message: 'a PEM file' }] });
  }
}

export function registerDkimCommands(program: Command, client: () => ApiClient): void {
  const dkim = program.command('dkim').description('DKIM keys that sign the organisation’s mail');
  const keyOptions = (command: Command) =>
    command
      .requiredOption('--selector <selector>', 'the DNS selector: the record goes at <selector>._domainkey.<domain>')
      .option('--domain <domain>', 'the signing domain (default: the organisation’s sender domain)')
      .option('--org <org>', 'the organisation (administrators of the installation only)')
      .option('--json', 'print JSON, with the TXT record’s name and value');

  keyOptions(dkim.command('generate').description('generate a key that signs from now on, and print the DNS record to publish'))
    .option('--algorithm <algorithm>', 'rsa-sha256 (RSA-2048) or ed25519-sha256', 'rsa-sha256')
    .action(async (flags: KeyFlags) => {
      const key = await client().request<Answer<typeof operations.generate>>('POST', '/dkim/keys', { json: { selector: flags.selector, algorithm: flags.algorithm, domain: flags.domain, org: flags.org } });
      emit(flags, key, () => record(key));
    });

  keyOptions(dkim.command('import').description('import a PEM private key (RSA or Ed25519) that signs from now on'))
    .requiredOption('--key <file>', 'the PEM file ("-" reads standard input)')
    .option('--algorithm <algorithm>', 'rsa-sha256 or ed25519-sha256 (checked against the key)')
    .action(async (flags: KeyFlags & { key: string }) => {
      const json = { selector: flags.selector, privateKey: readKey(flags.key), algorithm: flags.algorithm, domain: flags.domain, org: flags.org };
      const key = await client().request<Answer<typeof operations.import>>('POST', '/dkim/keys/import', { json });
      emit(flags, key, () => record(key));
    });

  dkim
    .command('show')
    .description('the DNS record of the key that signs (or of --selector)')
    .option('--selector <selector>', 'another key of the organisation')
    .option('--org <org>', 'the organisation (administrators of the installation only)')
    .option('--json', 'print JSON')
    .action(async (flags: OrgFlag & { selector?: string }) => {
      const path = flags.selector ? `/dkim/keys/${encodeURIComponent(flags.selector)}` : '/dkim/current';
      const key = await client().request<Answer<typeof operations.show>>('GET', path + orgQuery(flags));
      emit(flags, key, () => record(key));
    });

  dkim
    .command('list')
    .description('the organisation’s DKIM keys')
    .option('--org <org>', 'the organisation (administrators of the installation only)')
    .option('--json', 'print JSON')
    .action(async (flags: OrgFlag) => {
      const { keys } = await client().request<Answer<typeof operations.list>>('GET', `/dkim/keys${orgQuery(flags)}`);
      emit(flags, keys, () => (keys.length ? table([['SELECTOR', 'DOMAIN', 'ALGORITHM', 'SIGNS', 'CREATED'], ...keys.map((k) => [k.selector, k.domain, k.algorithm, k.active ? 'yes' : '', k.createdAt])]) : 'no DKIM keys yet: mail goes out unsigned'));
    });

  dkim
    .command('remove')
    .description('remove a key (the one that signs unless --selector); the newest remaining key then signs')
    .option('--selector <selector>', 'the key to remove')
    .option('--org <org>', 'the organisation (administrators of the installation only)')
    .option('--json', 'print JSON')
    .action(async (flags: OrgFlag & { selector?: string }) => {
      const api = client();
      const selector = flags.selector ?? (await api.request<Answer<typeof operations.current>>('GET', `/dkim/current${orgQuery(flags)}`)).selector;
      const result = await api.request<Answer<typeof operations.remove>>('DELETE', `/dkim/keys/${encodeURIComponent(selector)}${orgQuery(flags)}`);
      emit(flags, result, () => `removed ${result.removed.selector} (${result.removed.domain}); ${result.active ? `${result.active.selector} signs now` : 'mail goes out unsigned now'}`);
    });
}
