// At most this many function runs (sandbox isolates) at once per process; more wait their turn, first come
// first served. Each run may use up to its memory limit, so an unbounded number of concurrent runs (a burst
// of actions, many syncs) could exhaust the machine's memory even though each run alone is bounded.
export const MAX_CONCURRENT_RUNS = 16;

export class RunSlots {
  #free: number;
  readonly #waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    this.#free = size;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** Resolves with a release function once a slot is free; call it exactly once. */
  async acquire(): Promise<() => void> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    };
  }
}
