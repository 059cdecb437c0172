export interface RequestLogEntry {
  /** ISO 8601 time the response was sent. */
  at: string;
  method: string;
  host: string;
  path: string;
  /** A stable endpoint name such as `oauth2.token:refresh_token` or `rest.query`. */
  endpoint: string;
  status: number;
  grantType?: string;
}

export interface RequestLogSnapshot {
  requests: RequestLogEntry[];
  counts: Record<string, number>;
}

/** Every Salesforce request the simulator answered (control requests excluded), for tests to count calls. */
export class RequestLog {
  #entries: RequestLogEntry[] = [];

  record(entry: RequestLogEntry): void {
    this.#entries.push(entry);
  }

  snapshot(): RequestLogSnapshot {
    const counts: Record<string, number> = {};
    for (const e of this.#entries) counts[e.endpoint] = (counts[e.endpoint] ?? 0) + 1;
    return { requests: [...this.#entries], counts };
  }

  reset(): void {
    this.#entries = [];
  }
}
