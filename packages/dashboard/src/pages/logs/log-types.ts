// The logs API's answers (packages/server/src/operations/operation-query.ts).
export const OPERATION_KINDS = ['connect', 'refresh', 'proxy', 'sync', 'action', 'webhook_delivery', 'webhook_incoming'] as const;
export const OPERATION_STATUSES = ['success', 'failed'] as const;

export interface OperationSummary {
  id: string;
  kind: (typeof OPERATION_KINDS)[number];
  status: (typeof OPERATION_STATUSES)[number];
  message: string | null;
  provider_config_key: string | null;
  connection_id: string | null;
  started_at: string;
  ended_at: string | null;
  duration_ms: number | null;
}

export interface OperationDetail extends OperationSummary {
  detail: Record<string, unknown>;
}

export interface OperationPage {
  operations: OperationSummary[];
  next_cursor: string | null;
  following: string;
}
