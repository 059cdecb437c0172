// The `connect` row of the operation log (issue 12 point 5): written where each auth flow ends — success in
// saveAuthorizedConnection (every flow's last step), failure where the OAuth callback and the POST auth
// endpoints (client credentials, two-step, JWT bearer) turn an error into their answer.
import type { OperationLog } from '../operations/operation-log.js';
import { durationMs, recordedError } from '../operations/operation-outcome.js';

export interface ConnectOutcome {
  environmentId: number;
  /** null when the integration was deleted during the flow. */
  providerConfigKey: string | null;
  /** The connection's row id, when it was stored. */
  connectionRowId: number | null;
  connectionId: string;
  /** The provider's auth mode, or the imported credentials' type. */
  authMode: string;
  startedAt: Date;
  /** 'creation' or 'override' on success. */
  operation?: 'creation' | 'override';
  error?: unknown;
}

export function recordConnect(log: OperationLog, o: ConnectOutcome): void {
  const endedAt = new Date();
  const failed = o.error !== undefined;
  log.record({
    environmentId: o.environmentId,
    kind: 'connect',
    connectionId: o.connectionRowId,
    providerConfigKey: o.providerConfigKey,
    status: failed ? 'failed' : 'success',
    message: failed ? `connect ${o.connectionId} failed (${o.authMode})` : `connect ${o.connectionId} (${o.authMode}, ${o.operation ?? 'creation'})`,
    detail: {
      auth_mode: o.authMode,
      connection_id: o.connectionId,
      duration_ms: durationMs(o.startedAt, endedAt),
      ...(o.operation ? { operation: o.operation } : {}),
      ...(failed ? recordedError(o.error) : {}),
    },
    startedAt: o.startedAt,
    endedAt,
  });
}
