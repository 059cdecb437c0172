// Writes that may lag the request that caused them (operation-log rows, API usage readings): collected in
// memory and written in one statement per batch, at least every `intervalMs`, or at once when the caller
// says the batch is full. Batches are written one after another; close() writes what is left.
export interface WriteBehindOptions<B> {
  empty(): B;
  isEmpty(batch: B): boolean;
  /** Writes one batch; must not throw (log instead): the next batches go on. */
  write(batch: B): Promise<void>;
  intervalMs: number;
}

export class WriteBehind<B> {
  #pending: B;
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(private readonly o: WriteBehindOptions<B>) {
    this.#pending = o.empty();
  }

  /** What is queued and not yet written. */
  get pending(): B {
    return this.#pending;
  }

  /** Adds to the pending batch; a flush follows within intervalMs, or now when `flushNow`. */
  add(addTo: (pending: B) => void, flushNow = false): void {
    addTo(this.#pending);
    if (flushNow) void this.flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), this.o.intervalMs);
      this.#timer.unref();
    }
  }

  /** Writes everything queued so far; resolves when it is written (or logged as lost). */
  flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const batch = this.#pending;
    this.#pending = this.o.empty();
    this.#flushing = this.#flushing.then(() => (this.o.isEmpty(batch) ? undefined : this.o.write(batch)));
    return this.#flushing;
  }

  close(): Promise<void> {
    return this.flush();
  }
}
