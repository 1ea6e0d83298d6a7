/**
 * npm run bench — end-to-end sending speed and memory of Presswire against a local
 * SMTP sink, beside the raw reference measured in the same run (see bench/README.md).
 *
 *   npm run bench                                   # 10,000 and 100,000 recipients, SQLite and PostgreSQL
 *   npm run bench -- --sizes 10000 --databases sqlite --workers 1
 *   npm run bench -- --repeat 3                     # each run three times: the median rate, the highest memory peak
 *   npm run bench -- --smoke                        # a few hundred recipients: checks the bench works
 *   npm run bench -- csv [--megabytes 60] [--databases sqlite]   # a media-list import instead (bench/csv-import.ts)
 *   npm run bench -- pages                          # the desk's pages with 10,000 contacts and 100 releases (bench/pages.ts)
 *   npm run bench -- metrics [--sizes 100000]       # a Prometheus scrape against that many deliveries (bench/metrics.ts)
 *   npm run bench -- dkim [--count 1000]            # what DKIM signing costs per message (bench/dkim.ts)
 *   npm run bench -- relay-rate [--count 1000]      # a relay limited to 50 msg/s, two worker processes (bench/relay-rate.ts)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CsvImportResult } from './csv-import.js';
import { benchMetrics, printScrapes, type ScrapeTiming } from './metrics.js';
import { benchDkim, printDkim } from './dkim.js';
import { benchPages, printPages } from './pages.js';
import { benchRelayRate, printRelayRate } from './relay-rate.js';
import { nodemailerReference, smtpSourceReference, type ReferenceResult } from './reference.js';
import { repoRoot, runDistribution, type RunResult } from './presswire.js';
import { postfixSink, startSink } from './sink.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    megabytes: { type: 'string', default: '60' },
    count: { type: 'string', default: '1000' },
    sizes: { type: 'string', default: '10000,100000' },
    databases: { type: 'string', default: 'sqlite,postgres' },
    workers: { type: 'string', default: '0' },
    repeat: { type: 'string', default: '1' },
    smoke: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

const sizes = values.smoke ? [300] : values.sizes!.split(',').map(Number);
const databases = values.databases!.split(',') as ('sqlite' | 'postgres')[];
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const pgAdminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const sink = await startSink(join(repoRoot, 'dist/bench/node-sink.js'));
  if (sink.kind !== 'postfix smtp-sink') {
    process.stderr.write(`Postfix's smtp-sink is not installed (${postfixSink}); using a Node sink. For the physical reference: sudo apt-get install postfix\n`);
  }
  const releaseSource = readFileSync(join(repoRoot, 'bench/release.txt'), 'utf8');
  const runs: (RunResult & { reference: ReferenceResult[] })[] = [];
  try {
    for (const database of databases) {
      for (const recipients of sizes) {
        const repeats: (RunResult & { reference: ReferenceResult[] })[] = [];
        for (let i = 1; i <= Number(values.repeat); i++) {
          process.stderr.write(`running ${fmt(recipients)} recipients on ${database} (${i}/${values.repeat})…\n`);
          const result = await runDistribution({ database, recipients, sinkPort: sink.port, extraWorkers: Number(values.workers), pgAdminUrl, redisUrl }, releaseSource);
          repeats.push({ ...result, reference: await references(sink.port, recipients) });
        }
        runs.push(median(repeats));
      }
    }
  } finally {
    await sink.close();
  }
  print(runs, sink.kind);
  const out = values.out ?? join(repoRoot, 'bench/results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, JSON.stringify({ when: new Date().toISOString(), sink: sink.kind, extraWorkers: Number(values.workers), runs }, null, 2));
  process.stderr.write(`results written to ${out}\n`);
}

/** The reference runs right after each distribution, with the same sink and message size, so the ratio survives a noisy machine. */
async function references(port: number, recipients: number): Promise<ReferenceResult[]> {
  const count = Math.min(recipients, 20_000);
  const messageSize = 28_000;
  const raw = Buffer.from(`Subject: reference\r\n\r\n${'x'.repeat(76)}\r\n`.repeat(messageSize / 80));
  return [await smtpSourceReference(port, count, messageSize), await nodemailerReference(port, count, raw)].filter((r): r is ReferenceResult => !!r);
}

/**
 * The run with the median rate, keeping every rate measured; memory is the highest peak of
 * each process over all the repeats, since a peak is what a machine must have room for.
 */
function median<T extends RunResult>(repeats: T[]): T & { rates: number[] } {
  const sorted = [...repeats].sort((a, b) => a.perSecond - b.perSecond);
  const middle = sorted[Math.floor(sorted.length / 2)]!;
  const processes = middle.processes.map((p, i) => ({ ...p, peakRssMb: Math.max(...repeats.map((r) => r.processes[i]!.peakRssMb)) }));
  return { ...middle, processes, rates: repeats.map((r) => Math.round(r.perSecond)) };
}

function print(runs: (RunResult & { reference: ReferenceResult[] })[], sink: string): void {
  const rows = [['database', 'recipients', 'accepted', 'seconds', 'msgs/s', 'first msg', 'peak RSS', ...runs[0]!.reference.map((r) => `vs ${r.tool.split(',')[0]}`)]];
  for (const r of runs) {
    rows.push([
      r.database,
      fmt(r.recipients),
      fmt(r.accepted),
      fmt(r.seconds, 1),
      fmt(r.perSecond),
      `${fmt(r.firstMessageMs)} ms`,
      r.processes.map((p) => `${fmt(p.peakRssMb)} MB`).join(' + '),
      ...r.reference.map((ref) => `${fmt(ref.perSecond)}/s (${fmt((r.perSecond / ref.perSecond) * 100)}%)`),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  process.stdout.write(`sink: ${sink}\n${rows.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n')}\n`);
}

/** Each import in a fresh process, so its peak RSS is the import's alone. */
function csvImport(database: string): Promise<CsvImportResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'dist/bench/csv-import.js'), '--database', database, '--megabytes', values.megabytes!], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as CsvImportResult) : reject(new Error(`csv-import exited with ${code}`))));
  });
}

async function csvMain(): Promise<void> {
  const results: CsvImportResult[] = [];
  for (const database of databases) {
    process.stderr.write(`importing ${values.megabytes} MB of CSV on ${database}…\n`);
    results.push(await csvImport(database));
  }
  const rows = [['database', 'file', 'rows', 'seconds', 'rows/s', 'peak RSS', 'longest stall']];
  for (const r of results) {
    rows.push([r.database, `${r.megabytes} MB`, fmt(r.rows), fmt(r.seconds, 1), fmt(r.imported / r.seconds), `${fmt(r.peakRssMb)} MB`, `${fmt(r.longestStallMs)} ms`]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  process.stdout.write(`${rows.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n')}\n`);
  const out = values.out ?? join(repoRoot, 'bench/results', `csv-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, JSON.stringify({ when: new Date().toISOString(), runs: results }, null, 2));
  process.stderr.write(`results written to ${out}\n`);
}

async function pagesMain(): Promise<void> {
  const timings = await benchPages(redisUrl);
  printPages(timings);
  const out = values.out ?? join(repoRoot, 'bench/results', `pages-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, JSON.stringify({ when: new Date().toISOString(), contacts: 10_000, releases: 100, timings }, null, 2));
  process.stderr.write(`results written to ${out}\n`);
}

async function metricsMain(): Promise<void> {
  const scrapeSizes = positionals[0] === 'metrics' && values.sizes === '10000,100000' ? [100_000] : sizes;
  const timings: ScrapeTiming[] = [];
  for (const database of databases) {
    for (const deliveries of scrapeSizes) {
      process.stderr.write(`scraping metrics over ${fmt(deliveries)} deliveries on ${database}…\n`);
      timings.push(await benchMetrics({ database, deliveries, redisUrl, pgAdminUrl }));
    }
  }
  printScrapes(timings);
  const out = values.out ?? join(repoRoot, 'bench/results', `metrics-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, JSON.stringify({ when: new Date().toISOString(), timings }, null, 2));
  process.stderr.write(`results written to ${out}\n`);
}

async function dkimMain(): Promise<void> {
  const count = Number(values.count);
  const result = await benchDkim(count);
  printDkim(result, count);
  const out = values.out ?? join(repoRoot, 'bench/results', `dkim-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, JSON.stringify({ when: new Date().toISOString(), count, ...result }, null, 2));
  process.stderr.write(`results written to ${out}\n`);
}

async function relayRateMain(): Promise<void> {
  const results = [];
  for (const database of databases) {
    process.stderr.write(`sending ${values.count} messages through a relay limited to 50 msg/s on ${database}…\n`);
    results.push(await benchRelayRate({ database, count: Number(values.count), limit: 50, redisUrl, pgAdminUrl }));
  }
  printRelayRate(results);
  const out = values.out ?? join(repoRoot, 'bench/results', `relay-rate-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, JSON.stringify({ when: new Date().toISOString(), results }, null, 2));
  process.stderr.write(`results written to ${out}\n`);
}

const modes: Record<string, () => Promise<void>> = { csv: csvMain, pages: pagesMain, metrics: metricsMain, dkim: dkimMain, 'relay-rate': relayRateMain };
await (modes[positionals[0] ?? ''] ?? main)();
