/**
 * Building blocks for delivery tests: a finalized release, a list of N journalists,
 * a send, and the ledger as the test needs to read it.
 */
import { expect } from 'vitest';
import type { DeliveryLine, DistributionReport } from '../../src/tracking/report.js';
import type { ApiClient, TestApp } from './test-app.js';

export { until } from './wait.js';

/** Short timings so retries, leases and stalled jobs play out in seconds. */
export const fastTimings: Record<string, string> = {
  RETRY_BASE_DELAY_MS: '50',
  SMTP_THROTTLE_MS: '100',
  LEASE_MS: '2000',
  QUEUE_LOCK_MS: '1000',
  QUEUE_STALLED_INTERVAL_MS: '500',
  RECONCILE_INTERVAL_MS: '500',
  SEND_BATCH_SIZE: '20',
  SHUTDOWN_GRACE_MS: '10000',
  RETRY_MAX_ATTEMPTS: '4',
};

export const journalists = (n: number, domain = 'desk.example.org'): string[] =>
  Array.from({ length: n }, (_, i) => `reporter${String(i).padStart(4, '0')}@${domain}`);

export async function seedList(t: ApiClient, name: string, addresses: string[]): Promise<void> {
  const csv = ['Name,Email', ...addresses.map((a, i) => `Reporter ${i},${a}`)].join('\n');
  const res = await t.api<{ imported: number; unchanged: number; updated: number }>('POST', `/api/v1/lists/${name}/import`, { body: csv });
  expect(res.status).toBe(200);
}

export async function seedRelease(t: ApiClient, headline = 'Harbor Legal Aid report on detention and counsel'): Promise<string> {
  const created = await t.api<{ id: string }>('POST', '/api/v1/releases', {
    json: {
      content: {
        kind: 'press_release',
        headline,
        dateline: 'SAN DIEGO',
        releaseDate: '2026-03-10',
        body: 'Asylum seekers held in detention waited a median of 97 days before meeting a lawyer.',
        quotes: [{ text: 'Representation is the difference between safety and deportation.', speaker: 'Rosa Delgado', title: 'Executive Director' }],
        contacts: [{ name: 'Dana Whitfield', email: 'press@harborlegalaid.example.org' }],
      },
    },
  });
  expect(created.status).toBe(201);
  await t.api('POST', `/api/v1/releases/${created.body.id}/finalize`);
  return created.body.id;
}

export async function send(t: ApiClient, releaseId: string, lists: string[], key?: string): Promise<string> {
  const res = await t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId, lists }, headers: key ? { 'idempotency-key': key } : {} });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body.id;
}

export async function report(t: ApiClient, id: string): Promise<DistributionReport> {
  return (await t.api<DistributionReport>('GET', `/api/v1/distributions/${id}`)).body;
}

export async function deliveries(t: ApiClient, id: string): Promise<DeliveryLine[]> {
  return (await t.api<{ deliveries: DeliveryLine[] }>('GET', `/api/v1/distributions/${id}/deliveries?limit=5000`)).body.deliveries;
}

/** The attempt rows of one delivery, oldest first. */
export async function attempts(t: TestApp, deliveryId: string) {
  return t.ctx.db.kysely.selectFrom('delivery_attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('attempt').execute();
}
