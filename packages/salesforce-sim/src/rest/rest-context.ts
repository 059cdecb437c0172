import type { IncomingHttpHeaders } from 'node:http';
import type { OrgData } from '../data/org-data.js';
import type { SalesforceSim, SimOrg, SimUser } from '../salesforce-sim.js';
import type { QueryCursors } from './query-cursors.js';

/** Everything a REST resource needs for one authenticated, counted call. */
export interface RestContext {
  sim: SalesforceSim;
  org: SimOrg;
  user: SimUser;
  data: OrgData;
  /** e.g. `60.0`. */
  version: string;
  headers: IncomingHttpHeaders;
  cursors: QueryCursors;
}
