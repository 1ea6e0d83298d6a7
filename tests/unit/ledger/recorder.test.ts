import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../src/ledger/deliveries.js';
import { OutcomeRecorder } from '../../../src/ledger/recorder.js';

const outcome = (id: string): Outcome => ({ id, status: 'accepted', attemptOutcome: 'accepted', startedAt: 0, finishedAt: 0 });
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('outcome recorder', () => {
  it('writes an urgent outcome at once, the rest together, one write at a time', async () => {
    const writes: string[][] = [];
    let inFlight = 0;
    const recorder = new OutcomeRecorder(async (batch) => {
      expect(++inFlight).toBe(1);
      writes.push(batch.map((o) => o.id));
      await tick(5);
      inFlight--;
    }, 1000);
    recorder.add(outcome('a'));
    recorder.add(outcome('b'), true);
    recorder.add(outcome('c'));
    recorder.add(outcome('d'), true);
    await recorder.flushed();
    expect(writes).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('writes waiting outcomes after the delay without being asked', async () => {
    const writes: string[][] = [];
    const recorder = new OutcomeRecorder(async (batch) => void writes.push(batch.map((o) => o.id)), 10);
    recorder.add(outcome('a'));
    await tick(30);
    expect(writes).toEqual([['a']]);
  });

  it('resolves at once with nothing to write, and reports a write that gave up', async () => {
    await new OutcomeRecorder(async () => {}).flushed();
    const failing = new OutcomeRecorder(async () => {
      throw new Error('database gone');
    });
    failing.add(outcome('a'), true);
    await expect(failing.flushed()).rejects.toThrow('database gone');
  });
});
