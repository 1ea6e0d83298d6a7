/**
 * `npm run bench -- dkim [--count 1000]`: what DKIM signing costs per message, on the
 * personalised release the sending bench sends (bench/release.txt rendered and personalised
 * as Presswire does, ~28 KB). Median and p95 µs of CPU per message after a warm-up, for the
 * bare RSA-2048 signature, mailauth's dkimSign, nodemailer's DKIM signer, and Presswire's
 * path (src/channels/email/dkim-signer.ts), each with the ratio to the bare signature.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import DKIM from 'nodemailer/lib/dkim';
import { signMessage } from '../src/channels/email/dkim-signer.js';
import { compileMessage, personalizeMessage } from '../src/channels/email/mime.js';
import { importPlainText } from '../src/releases/import-text.js';
import { slotValues } from '../src/rendering/personalize.js';
import { renderRelease } from '../src/rendering/render-release.js';
import { emailParts } from '../src/rendering/slots.js';
import { repoRoot } from './presswire.js';

export interface DkimTiming {
  path: string;
  medianUs: number;
  p95Us: number;
  /** Median over the bare RSA-2048 signature's median. */
  ratio: number;
}

async function releaseMessage(): Promise<Buffer> {
  const { content } = importPlainText(readFileSync(join(repoRoot, 'bench/release.txt'), 'utf8'));
  const rendered = await renderRelease(content, { variant: 'public', organization: { name: 'Coastal Rights Center', postalAddress: '1 Harbor Way, Oakland, CA 94607' }, readOnline: true });
  const compiled = compileMessage({ from: { name: 'Coastal Rights Center', address: 'newsroom@press.example.org' }, ...emailParts(rendered) });
  const unsubscribeUrl = 'https://press.example.org/u/dlv_01jbench0000000000000000.5f1c9a';
  return personalizeMessage(
    compiled,
    { to: { name: 'Priya Raman', address: 'priya@borderreport.example.net' }, messageId: '<dlv_01jbench.1@press.example.org>', date: new Date(), headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } },
    slotValues('en', { name: 'Priya Raman', email: 'priya@borderreport.example.net', unsubscribeUrl, readOnlineUrl: 'https://press.example.org/r/rel_01jbench' }),
  );
}

/**
 * Median and p95 of `count` timed runs after `count / 5` untimed ones, in CPU time (user +
 * system) so that other processes on a shared machine and the libraries' stream waits do
 * not count.
 */
async function measure(count: number, run: () => unknown): Promise<{ medianUs: number; p95Us: number }> {
  for (let i = 0; i < Math.max(200, count / 5); i++) await run();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.cpuUsage();
    await run();
    const used = process.cpuUsage(start);
    times.push(used.user + used.system);
  }
  times.sort((a, b) => a - b);
  return { medianUs: times[Math.floor(count / 2)]!, p95Us: times[Math.floor(count * 0.95)]! };
}

const drain = (stream: NodeJS.ReadableStream) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });

export async function benchDkim(count: number): Promise<{ messageBytes: number; timings: DkimTiming[] }> {
  const raw = await releaseMessage();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const key = { domain: 'press.example.org', selector: 'news', algorithm: 'rsa-sha256' as const, privateKey };
  const digest = createHash('sha256').update(raw).digest();
  const nodemailer = new DKIM({ domainName: 'press.example.org', keySelector: 'news', privateKey: pem });
  // mailauth's published types ask for top-level options that it ignores (bench/README.md).
  const mailauthOptions = { signatureData: [{ signingDomain: 'press.example.org', selector: 'news', privateKey: pem, algorithm: 'rsa-sha256', canonicalization: 'relaxed/relaxed' }] };
  const paths: [string, () => unknown][] = [
    ['bare RSA-2048 signature of a SHA-256 hash (crypto.sign)', () => sign('sha256', digest, privateKey)],
    ['mailauth dkimSign (4.13)', () => dkimSign(raw, mailauthOptions as unknown as Parameters<typeof dkimSign>[1])],
    ['nodemailer DKIM signer (10.6)', () => drain(nodemailer.sign(raw))],
    ['Presswire signMessage (mailauth canonicalisers, built bytes)', () => signMessage(raw, key)],
  ];
  const measured: { path: string; medianUs: number; p95Us: number }[] = [];
  for (const [path, run] of paths) measured.push({ path, ...(await measure(count, run)) });
  const bare = measured[0]!.medianUs;
  return { messageBytes: raw.length, timings: measured.map((m) => ({ ...m, ratio: m.medianUs / bare })) };
}

export function printDkim(result: { messageBytes: number; timings: DkimTiming[] }, count: number): void {
  const rows = result.timings.map((t) => `| ${t.path.padEnd(62)} | ${t.medianUs.toFixed(0).padStart(6)} | ${t.p95Us.toFixed(0).padStart(6)} | ${t.ratio.toFixed(2).padStart(5)}× |`);
  process.stdout.write(
    [`DKIM signing, ${(result.messageBytes / 1000).toFixed(1)} KB message, median of ${count} after warm-up (µs of CPU per message)`, '', `| ${'path'.padEnd(62)} | median |    p95 | ratio  |`, `|${'-'.repeat(64)}|-------:|-------:|-------:|`, ...rows, ''].join('\n'),
  );
}
