import { randomUUID } from 'node:crypto';

export interface FaultMatch {
  method?: string;
  /** Host name without port, e.g. `acme.my.salesforce.com`. */
  host?: string;
  pathPrefix?: string;
  /** A JavaScript regular expression source tested against the path and query. */
  pathRegex?: string;
}

export interface FaultEffect {
  status?: number;
  /** An object or array is sent as JSON, a string as is. */
  body?: unknown;
  headers?: Record<string, string>;
  latencyMs?: number;
  /** Destroys the connection without an answer. */
  dropConnection?: boolean;
}

export interface FaultRuleInput {
  match: FaultMatch;
  effect: FaultEffect;
  /** How many matching requests it applies to; unlimited when absent. */
  times?: number;
}

export interface FaultRule extends FaultRuleInput {
  id: string;
  /** Requests it has applied to so far. */
  hits: number;
}

export class FaultRules {
  #rules: FaultRule[] = [];

  add(input: FaultRuleInput): FaultRule {
    if (input.match.pathRegex !== undefined) new RegExp(input.match.pathRegex);
    const rule: FaultRule = { ...input, id: randomUUID(), hits: 0 };
    this.#rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return [...this.#rules];
  }

  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.id !== id);
    return this.#rules.length !== before;
  }

  clear(): void {
    this.#rules = [];
  }

  /** The first live rule matching the request, counted as used. */
  take(method: string, host: string, url: string): FaultRule | undefined {
    const path = url.split('?')[0] ?? url;
    const rule = this.#rules.find(
      (r) =>
        (r.times === undefined || r.hits < r.times) &&
        (r.match.method === undefined || r.match.method.toUpperCase() === method.toUpperCase()) &&
        (r.match.host === undefined || r.match.host.toLowerCase() === host) &&
        (r.match.pathPrefix === undefined || path.startsWith(r.match.pathPrefix)) &&
        (r.match.pathRegex === undefined || new RegExp(r.match.pathRegex).test(url)),
    );
    if (rule) rule.hits++;
    return rule;
  }
}
