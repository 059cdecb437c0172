// The `webhook_incoming` row of the operation log (issue 12 point 5): one per webhook a provider posts to
// terapi, written by the ingress once it has authenticated and routed it (or refused it). What it holds:
// the integration, the connections it was routed to, the answer terapi gave and why — never the payload,
// its headers or a signature.
import type { OperationLog } from '../operations/operation-log.js';
import { clippedText } from '../operations/operation-kinds.js';
import { durationMs, recordedError } from '../operations/operation-outcome.js';

export interface IncomingWebhook {
  environmentId: number;
  providerConfigKey: string;
  /** The connection (row id) it was routed to, when exactly one. */
  connectionRowId: number | null;
  /** Every connection id it was routed to. */
  routedTo: string[];
  /** What the provider sent, as the provider module names it (e.g. `outbound_message`, an event type). */
  eventType: string;
  /** The HTTP status terapi answered with. */
  answeredStatus: number;
  startedAt: Date;
  /** Set when it was refused or could not be routed. */
  error?: unknown;
}

export function recordIncomingWebhook(log: OperationLog, w: IncomingWebhook): void {
  const endedAt = new Date();
  const failed = w.error !== undefined;
  log.record({
    environmentId: w.environmentId,
    kind: 'webhook_incoming',
    connectionId: w.connectionRowId,
    providerConfigKey: w.providerConfigKey,
    status: failed ? 'failed' : 'success',
    message: clippedText(`webhook ${w.eventType} from ${w.providerConfigKey}${failed ? ' refused' : ` to ${w.routedTo.length} connection(s)`}`, 200),
    detail: {
      event_type: w.eventType,
      routed_to: w.routedTo.slice(0, 100),
      answered_status: w.answeredStatus,
      duration_ms: durationMs(w.startedAt, endedAt),
      ...(failed ? recordedError(w.error) : {}),
    },
    startedAt: w.startedAt,
    endedAt,
  });
}
