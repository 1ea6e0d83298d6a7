/**
 * Recording outcomes as they arrive, a few at a time: each outcome is written as soon as the
 * write before it finishes (group commit), instead of when its whole window is done. What a
 * crash can lose shrinks from a window's worth of replies to the ones in a single write — and
 * a reply lost is a message resent (a possible duplicate, or a second try at an address
 * that does not exist).
 */
import type { Outcome } from './deliveries.js';

export class OutcomeRecorder {
  private pending: Outcome[] = [];
  private flushing: Promise<void> | undefined;
  private failure: unknown;

  /** `write` must keep trying while the database is away; if it gives up, `flushed()` rejects. */
  constructor(private readonly write: (outcomes: Outcome[]) => Promise<void>) {}

  add(outcome: Outcome): void {
    this.pending.push(outcome);
    this.flushing ??= this.drain();
  }

  /** Resolves once everything added so far is written. */
  async flushed(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.failure) throw this.failure;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0 && !this.failure) await this.write(this.pending.splice(0));
    } catch (err) {
      this.failure = err;
    } finally {
      this.flushing = undefined;
    }
  }
}
