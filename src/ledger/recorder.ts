/**
 * Recording outcomes soon after they arrive, a few at a time. An urgent outcome (a permanent
 * refusal: retrying it would try an address that does not exist a second time) is written at
 * once, together with whatever else is waiting; the rest within `maxDelayMs`, or when the
 * caller says its window is complete — so a fast relay costs one write per window and a slow
 * one does not hold replies until its slowest message. A crash loses only what is waiting or
 * in the write under way; a reply lost is a message resent (flagged, same Message-ID).
 */
import type { Outcome } from './deliveries.js';

export class OutcomeRecorder {
  private pending: Outcome[] = [];
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failure: unknown;

  /** `write` must keep trying while the database is away; if it gives up, `flushed()` rejects. */
  constructor(
    private readonly write: (outcomes: Outcome[]) => Promise<void>,
    private readonly maxDelayMs = 10,
  ) {}

  add(outcome: Outcome, urgent = false): void {
    this.pending.push(outcome);
    if (urgent) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
  }

  /** Write everything added so far; resolves once it is written. */
  async flushed(): Promise<void> {
    this.flush();
    while (this.flushing) await this.flushing;
    if (this.failure) throw this.failure;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.flushing || this.pending.length === 0 || this.failure) return;
    // One write at a time; whatever arrives meanwhile goes in the next.
    this.flushing = this.drain().finally(() => {
      this.flushing = undefined;
      this.flush();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0 && !this.failure) await this.write(this.pending.splice(0));
    } catch (err) {
      this.failure = err;
    }
  }
}
