// Counters and a histogram for a hot path (the proxy's, issue 15 point 1). prom-client's `inc` and `observe`
// validate and hash their labels on every call (~0.5 and ~0.7 µs on this project's machine; ~2.5 % of a proxied
// call's CPU, docs/performance.md); here a call adds to a tally found by its label values, a Map lookup per label.
// - TalliedCounter is a prom-client Counter whose tallies are added (its public `inc(labels, n)`) when the
//   registry is read: its `collect`, which prom-client runs before each scrape.
// - TalliedHistogram keeps its buckets itself and gives the registry the series a prom-client Histogram gives
//   (`_bucket` by `le` with `+Inf`, `_sum`, `_count`); tallied-metrics.unit.test.ts compares the two expositions.
// Label values are given in the order of `labelNames`.
import { Counter, type Registry } from 'prom-client';

/** Entries found by a list of label values: one Map per label, so no key is built and no two lists collide. */
class ByValues<T> {
  readonly #root = new Map<string, unknown>();
  readonly #entries: T[] = [];

  /** The entry for these values, if there is one. */
  get(values: readonly string[]): T | undefined {
    let m: Map<string, unknown> | undefined = this.#root;
    const last = values.length - 1;
    for (let i = 0; i < last && m; i++) m = m.get(values[i]!) as Map<string, unknown> | undefined;
    return m?.get(values[last]!) as T | undefined;
  }

  add(values: readonly string[], entry: T): T {
    let m = this.#root;
    const last = values.length - 1;
    for (let i = 0; i < last; i++) {
      let next = m.get(values[i]!) as Map<string, unknown> | undefined;
      if (!next) m.set(values[i]!, (next = new Map()));
      m = next;
    }
    m.set(values[last]!, entry);
    this.#entries.push(entry);
    return entry;
  }

  /** Entries in the order they were first made. */
  values(): readonly T[] {
    return this.#entries;
  }

  clear(): void {
    this.#root.clear();
    this.#entries.length = 0;
  }
}

function labelsOf(names: readonly string[], values: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  names.forEach((n, i) => (labels[n] = values[i]!));
  return labels;
}

/** One string per label name, in order: `inc('salesforce', 'GET', '200')` for ['provider', 'method', 'status']. */
type ValuesOf<N extends readonly string[]> = { [K in keyof N]: string };

export class TalliedCounter<const N extends readonly string[]> {
  readonly counter: Counter<N[number]>;
  readonly #names: N;
  readonly #pending = new ByValues<{ values: readonly string[]; n: number }>();

  constructor(config: { name: string; help: string; labelNames: N; registers: Registry[] }) {
    this.#names = config.labelNames;
    const fold = () => this.#fold();
    this.counter = new Counter<N[number]>({ ...config, collect: fold });
  }

  /** One more, for these label values (in the order of labelNames). */
  inc(...values: ValuesOf<N>): void {
    const v = values as readonly string[];
    const t = this.#pending.get(v);
    if (t) t.n++;
    else this.#pending.add(v, { values: v, n: 1 });
  }

  #fold(): void {
    for (const t of this.#pending.values()) {
      if (t.n === 0) continue;
      this.counter.inc(labelsOf(this.#names, t.values) as Partial<Record<N[number], string>>, t.n);
      t.n = 0;
    }
  }
}

interface Series {
  labels: Record<string, string>;
  /** Observations per bucket (not cumulative); the last is above every bound (+Inf). */
  counts: Float64Array;
  sum: number;
  count: number;
}

export class TalliedHistogram<const N extends readonly string[]> {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly #names: N;
  readonly #bounds: readonly number[];
  readonly #series = new ByValues<Series>();

  constructor(config: { name: string; help: string; labelNames: N; buckets: readonly number[]; registers: Registry[] }) {
    this.name = config.name;
    this.help = config.help;
    this.#names = config.labelNames;
    this.#bounds = [...config.buckets].sort((a, b) => a - b);
    for (const r of config.registers) r.registerMetric(this as never);
  }

  /**
   * One observation for these label values (in the order of labelNames). A value that is not a finite number is
   * dropped, where prom-client would throw: a metric never fails the call it measures.
   */
  observe(value: number, ...values: ValuesOf<N>): void {
    if (!Number.isFinite(value)) return;
    const v = values as readonly string[];
    const s = this.#series.get(v) ?? this.#series.add(v, { labels: labelsOf(this.#names, v), counts: new Float64Array(this.#bounds.length + 1), sum: 0, count: 0 });
    const bounds = this.#bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    s.counts[i]!++;
    s.sum += value;
    s.count++;
  }

  reset(): void {
    this.#series.clear();
  }

  /** What prom-client's registry reads of a metric: the series a prom-client Histogram gives. */
  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Array<{ labels: Record<string, string | number>; value: number; metricName: string }> }> {
    const values: Array<{ labels: Record<string, string | number>; value: number; metricName: string }> = [];
    for (const s of this.#series.values()) {
      let acc = 0;
      this.#bounds.forEach((le, i) => {
        acc += s.counts[i]!;
        values.push({ labels: { le, ...s.labels }, value: acc, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { le: '+Inf', ...s.labels }, value: s.count, metricName: `${this.name}_bucket` });
      values.push({ labels: s.labels, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: s.labels, value: s.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}
