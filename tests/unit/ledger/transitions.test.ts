import { describe, expect, it } from 'vitest';
import type { DeliveryStatus } from '../../../src/db/schema.js';
import { allStatuses, isOwed, owedStatuses } from '../../../src/ledger/owed.js';
import { assertDeliveryMove, canMoveDelivery, deliveryFrom, distributionFrom, finishedDistribution } from '../../../src/ledger/transitions.js';

describe('delivery transitions', () => {
  it('lets only a held row record an outcome, and nothing leave a final status but a retried failure or a later report on an accepted copy', () => {
    for (const to of ['accepted', 'failed', 'ambiguous', 'posted', 'dry_run', 'suppressed'] as DeliveryStatus[]) {
      expect(deliveryFrom(to)).toEqual(['sending']);
    }
    expect(deliveryFrom('bounced')).toEqual(['sending', 'accepted']);
    expect(deliveryFrom('complained')).toEqual(['accepted']);
    const laterReport = (from: DeliveryStatus, to: DeliveryStatus) => from === 'accepted' && (to === 'bounced' || to === 'complained');
    for (const final of allStatuses.filter((s) => !isOwed(s))) {
      for (const to of allStatuses) expect(canMoveDelivery(final, to), `${final} → ${to}`).toBe((final === 'failed' && to === 'queued') || laterReport(final, to));
    }
    expect(deliveryFrom('queued')).toEqual(['sending', 'failed']);
    expect(() => assertDeliveryMove('accepted', 'sending')).toThrow(/from accepted to sending/);
  });

  it('claims exactly the owed statuses, and cancels them', () => {
    expect(deliveryFrom('sending').sort()).toEqual([...owedStatuses].sort());
    expect(deliveryFrom('cancelled').sort()).toEqual([...owedStatuses].sort());
  });

  it('the owed predicate and the statuses agree', () => {
    expect(allStatuses.filter(isOwed)).toEqual([...owedStatuses]);
  });
});

describe('distribution transitions', () => {
  it('never reopens a cancelled distribution; an embargo change may reopen a completed one', () => {
    expect(distributionFrom('sending').sort()).toEqual(['completed', 'completed_with_failures', 'paused', 'planning']);
    expect(distributionFrom('cancelled')).not.toContain('cancelled');
    expect(distributionFrom('planning')).toEqual(['awaiting_approval', 'scheduled']);
    expect(finishedDistribution('cancelled')).toBe(true);
    expect(finishedDistribution('paused')).toBe(false);
  });
});
