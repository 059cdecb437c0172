// Refreshes connections ahead of time (DESIGN.md "Processes": the worker's refresh sweeps). The
// `terapi_refresh_sweep` job, every minute from the job queue's crontab (jobs/job-kinds.ts): the connections
// whose known expiry falls within the refresh margin get a fresh token, so reads rarely wait for one. Any number of workers may sweep at once: each refresh is single-flight per connection
// across processes (credential-lifecycle.ts), and a token someone else just refreshed is left alone.
// Connections marked needs_reauth are never swept.
import type { Logger } from 'pino';
import type { ConnectionStore } from '../connections/connection-store.js';
import { DEFAULT_REFRESH_MARGIN_SECONDS, type CredentialLifecycle } from './credential-lifecycle.js';

export interface RefreshSweepDeps {
  connections: ConnectionStore;
  credentials: CredentialLifecycle;
  logger: Logger;
  /** Time between two sweeps (the crontab's minute): the margin widens by it, so nothing expires in between. */
  intervalMs?: number;
  batch?: number;
}

export class RefreshSweep {
  constructor(private readonly deps: RefreshSweepDeps) {}

  /** One pass; returns how many connections got a new token. */
  async sweepOnce(): Promise<number> {
    const intervalSeconds = Math.ceil((this.deps.intervalMs ?? 60_000) / 1000);
    const due = await this.deps.connections.listExpiring(DEFAULT_REFRESH_MARGIN_SECONDS + intervalSeconds, this.deps.batch ?? 100);
    let refreshed = 0;
    for (const c of due) {
      try {
        const fresh = await this.deps.credentials.fresh(c);
        if (fresh !== c && fresh.lastRefreshAt?.getTime() !== c.lastRefreshAt?.getTime()) refreshed++;
      } catch (err) {
        this.deps.logger.info({ connection: c.id, err: (err as Error).message }, 'refresh sweep: this connection could not be refreshed');
      }
    }
    return refreshed;
  }
}
