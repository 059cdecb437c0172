import type { IncomingHttpHeaders } from 'node:http';
import type { ResolvedHost, SalesforceSim } from '../../salesforce-sim.js';

/** What every token-endpoint grant handler receives. */
export interface GrantContext {
  sim: SalesforceSim;
  host: ResolvedHost;
  form: Record<string, string>;
  headers: IncomingHttpHeaders;
  /**
   * Set when the request came to the bare origin (`http://127.0.0.1:PORT`): responses then name that origin as
   * `instance_url` and identity host, so a client pointed at the origin stays there (operations.md).
   */
  bareOrigin?: string;
}
