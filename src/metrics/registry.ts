/**
 * Presswire's Prometheus registry: the process's own default metrics, and the figures of the
 * whole installation, read from the database (the truth, whichever process did the work) and
 * from Redis (the queues) each time it is scraped.
 */
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { fixedQueues } from '../queue/jobs.js';
import type { Queues } from '../queue/queues.js';
import { deliveryCounts, rateWindowMs, relayReplies, returnCounts } from './delivery-counts.js';
import { queueDepth, queueNames, queueStates } from './queue-depths.js';

export interface MetricsDeps {
  db: Db;
  queues: Queues;
  logger: Logger;
  clock: { now(): number };
}

export interface Metrics {
  contentType: string;
  /** The exposition text, with every figure read afresh. */
  scrape(): Promise<string>;
}

function gauges(registry: Registry) {
  const gauge = (name: string, help: string, labelNames: string[]) => new Gauge({ name: `presswire_${name}`, help, labelNames, registers: [registry] });
  return {
    deliveries: gauge('deliveries', 'Deliveries by status, channel (email, embargo updates included; social by network) and organisation', ['status', 'channel', 'org']),
    finishedRate: gauge('deliveries_finished_per_second', 'Deliveries that reached an outcome per second, over the last minute, by channel', ['channel']),
    queueJobs: gauge('queue_jobs', 'Jobs in each queue by state (waiting, delayed, active, failed)', ['queue', 'state']),
    queueAge: gauge('queue_oldest_waiting_seconds', 'Age of the oldest waiting job in each queue, in seconds (0 when none waits)', ['queue']),
    replies: gauge('relay_replies', 'Replies of the SMTP relay to email attempts over the last 24 hours, by class (none: no reply)', ['class']),
    accepted: gauge('email_accepted_30d', 'Email deliveries the relay accepted over the last 30 days (bounced or complained about since included), by organisation', ['org']),
    bounced: gauge('email_bounced_30d', 'Of those, deliveries with a bounce event (hard or soft), by organisation', ['org']),
    complained: gauge('email_complained_30d', 'Of those, deliveries with a complaint, by organisation', ['org']),
    bounceRate: gauge('bounce_rate', 'Bounced / accepted email deliveries over the last 30 days, by organisation', ['org']),
    complaintRate: gauge('complaint_rate', 'Complained / accepted email deliveries over the last 30 days, by organisation', ['org']),
    sourceUp: gauge('metrics_source_up', 'Whether the last scrape could read this source (database, redis)', ['source']),
  };
}
type Gauges = ReturnType<typeof gauges>;

async function readLedger(deps: MetricsDeps, g: Gauges, now: number): Promise<void> {
  const [counts, replies] = await Promise.all([deliveryCounts(deps.db, now), relayReplies(deps.db, now)]);
  const returns = await returnCounts(deps.db, counts, now);
  const finished = new Map<string, number>([['email', 0]]);
  for (const c of counts) {
    g.deliveries.set({ status: c.status, channel: c.channel, org: c.org }, c.count);
    finished.set(c.channel, (finished.get(c.channel) ?? 0) + c.lastMinute);
  }
  for (const [channel, n] of finished) g.finishedRate.set({ channel }, n / (rateWindowMs / 1000));
  for (const [cls, n] of replies) g.replies.set({ class: cls }, n);
  for (const r of returns) {
    g.accepted.set({ org: r.org }, r.accepted);
    g.bounced.set({ org: r.org }, r.bounced);
    g.complained.set({ org: r.org }, r.complained);
    g.bounceRate.set({ org: r.org }, r.accepted === 0 ? 0 : r.bounced / r.accepted);
    g.complaintRate.set({ org: r.org }, r.accepted === 0 ? 0 : r.complained / r.accepted);
  }
}

async function readQueues(deps: MetricsDeps, g: Gauges, now: number): Promise<void> {
  // Without the database (reported on its own) the fixed queues are still worth reading.
  const names = await queueNames(deps.db).catch(() => [...fixedQueues]);
  const depths = await Promise.all(names.map((name) => queueDepth(deps.queues, name, now)));
  for (const d of depths) {
    for (const state of queueStates) g.queueJobs.set({ queue: d.queue, state }, d.jobs[state]);
    g.queueAge.set({ queue: d.queue }, d.oldestWaitingSeconds);
  }
}

export function createMetrics(deps: MetricsDeps): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'presswire_' });
  const g = gauges(registry);
  const installation = Object.values(g).filter((x) => x !== g.sourceUp);
  /** One source that cannot be read leaves its figures out and says so; the other's still answer. */
  const read = async (source: 'database' | 'redis', run: () => Promise<void>) => {
    try {
      await run();
      g.sourceUp.set({ source }, 1);
    } catch (err) {
      deps.logger.warn({ err, source }, 'metrics: cannot read a source');
      g.sourceUp.set({ source }, 0);
    }
  };
  let inFlight: Promise<string> | undefined;
  const scrapeOnce = async () => {
    const now = deps.clock.now();
    // Series of organisations or queues that are gone must not linger.
    for (const gauge of installation) gauge.reset();
    await read('database', () => readLedger(deps, g, now));
    await read('redis', () => readQueues(deps, g, now));
    return registry.metrics();
  };
  return {
    contentType: registry.contentType,
    scrape() {
      // Scrapes that arrive together share one reading of the sources.
      inFlight ??= scrapeOnce().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}

const perProcess = new WeakMap<object, Metrics>();

/** One registry per process (keyed by its context): the API route and the metrics listener serve the same. */
export function metricsFor(deps: MetricsDeps): Metrics {
  let metrics = perProcess.get(deps);
  if (!metrics) perProcess.set(deps, (metrics = createMetrics(deps)));
  return metrics;
}
