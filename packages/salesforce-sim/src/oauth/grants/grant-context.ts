import type { IncomingHttpHeaders } from 'node:http';
import type { ResolvedHost, SalesforceSim } from '../../salesforce-sim.js';

/** What every token-endpoint grant handler receives. */
export interface GrantContext {
  sim: SalesforceSim;
  host: ResolvedHost;
  form: Record<string, string>;
  headers: IncomingHttpHeaders;
}
