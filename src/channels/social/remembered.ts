/**
 * A value a client asks its network for once and then keeps (who the account is, a login).
 * A failed request is not kept, nor a kept value that `stillGood` disowns: the next call
 * asks again. A request in flight is shared, never doubled.
 */
export class Remembered<T> {
  private pending: Promise<T> | undefined;
  private settled = false;

  constructor(
    private readonly ask: () => Promise<T>,
    private readonly stillGood: () => boolean = () => true,
  ) {}

  get(): Promise<T> {
    return this.pending && (!this.settled || this.stillGood()) ? this.pending : this.refresh();
  }

  /** Ask again even when a value is kept (a credentials check must reach the network). */
  refresh(): Promise<T> {
    const pending = this.ask();
    this.pending = pending;
    this.settled = false;
    pending.then(
      () => {
        if (this.pending === pending) this.settled = true;
      },
      () => {
        if (this.pending === pending) this.pending = undefined;
      },
    );
    return pending;
  }
}
