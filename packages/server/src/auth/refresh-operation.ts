// The `refresh` row of the operation log (issue 12 point 5): each token refresh, and for a failure the
// registry's code, its message (what to do) and whether the end user must reconnect.
import type { Connection } from '../connections/connection-store.js';
import type { OperationLog } from '../operations/operation-log.js';
import { durationMs, recordedError } from '../operations/operation-outcome.js';

export type RefreshOutcome = { tokenExpiresAt: Date | null } | { error: unknown; needsReauth: boolean };

export function recordRefresh(log: OperationLog, c: Connection, startedAt: Date, o: RefreshOutcome): void {
  const endedAt = new Date();
  const failed = 'error' in o;
  log.record({
    environmentId: c.environmentId,
    kind: 'refresh',
    connectionId: c.id,
    providerConfigKey: c.providerConfigKey,
    status: failed ? 'failed' : 'success',
    message: failed ? `refresh of ${c.connectionId} failed${o.needsReauth ? ': the end user must reconnect' : ''}` : `refresh of ${c.connectionId}`,
    detail: {
      connection_id: c.connectionId,
      provider: c.provider,
      duration_ms: durationMs(startedAt, endedAt),
      ...(failed ? { ...recordedError(o.error), needs_reauth: o.needsReauth } : { token_expires_at: o.tokenExpiresAt?.toISOString() ?? null }),
    },
    startedAt,
    endedAt,
  });
}
