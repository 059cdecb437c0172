// The connection pages' view of terapi's API (nango-api.md §6, §8, §9 and terapi's additions): shapes and
// query keys. Every key starts with the environment, so switching environments never shows stale data.
import type { ApiClient } from '../../api/api-client';

export type ConnectionStatus = 'healthy' | 'expired' | 'refresh_failed';
export const CONNECTION_STATUSES: ConnectionStatus[] = ['healthy', 'expired', 'refresh_failed'];

export interface ConnectionError {
  type: string;
  log_id?: string;
  code?: string;
  message?: string;
}

export interface ConnectionRow {
  id: number;
  connection_id: string;
  provider_config_key: string;
  provider: string;
  errors: ConnectionError[];
  end_user: { id: string; email?: string | null; display_name?: string | null; organization?: { id: string; display_name?: string | null } | null } | null;
  tags: Record<string, string>;
  created: string;
  status: ConnectionStatus;
}

export interface ConnectionPage {
  connections: ConnectionRow[];
  next_cursor: string | null;
}

/** What the detail page keeps of GET /connections/:id: never the tokens (they are fetched on Reveal only). */
export interface ConnectionFacts {
  connection_id: string;
  provider_config_key: string;
  provider: string;
  errors: ConnectionError[];
  end_user: ConnectionRow['end_user'];
  tags: Record<string, string>;
  connection_config: Record<string, unknown>;
  created_at: string;
  auth_status: 'ok' | 'needs_reauth';
  last_refresh_at: string | null;
  token_expires_at: string | null;
  credentials_type: string;
}

export interface ApiUsage {
  current: { used: number; max: number; updated_at?: string } | null;
  history: Array<{ hour: string; used: number; max: number }>;
}

export interface SyncStatus {
  id: string;
  name: string;
  variant: string;
  type: string;
  status: 'RUNNING' | 'PAUSED' | 'ERROR' | 'SUCCESS';
  finishedAt?: string;
  nextScheduledSyncAt: string | null;
  frequency: string;
  latestResult?: Record<string, { added: number; updated: number; deleted: number }>;
  latestExecutionStatus?: string;
  recordCount: Record<string, number>;
}

export interface SyncRunRow {
  id: number;
  mode: 'incremental' | 'full';
  status: 'RUNNING' | 'SUCCESS' | 'ERROR' | 'SKIPPED';
  attempts: number;
  started_at: string;
  finished_at: string | null;
  result: Record<string, { added?: number; updated?: number; deleted?: number }>;
  error: { type: string; description: string } | null;
}

export interface OperationRow {
  id: string;
  kind: string;
  status: 'success' | 'failed';
  message: string | null;
  started_at: string;
}

export interface RecordRow {
  id: string;
  _nango_metadata: { last_action: string; last_modified_at: string; deleted_at?: string | null };
  [key: string]: unknown;
}

export const connectionKey = (env: string, id: string, key: string) => ['env', env, 'connection', id, key] as const;

export const qs = (params: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')).toString();

/** GET /connections/:id, reduced to what the page shows: the credentials are dropped on arrival. */
export async function getConnectionFacts(api: ApiClient, id: string, key: string, forceRefresh = false): Promise<ConnectionFacts> {
  const c = await api.get<ConnectionFacts & { credentials?: { type?: string } }>(`/connections/${encodeURIComponent(id)}?${qs({ provider_config_key: key, force_refresh: forceRefresh ? 'true' : undefined })}`);
  const { credentials, ...rest } = c;
  return {
    connection_id: rest.connection_id,
    provider_config_key: rest.provider_config_key,
    provider: rest.provider,
    errors: rest.errors,
    end_user: rest.end_user,
    tags: rest.tags,
    connection_config: rest.connection_config,
    created_at: rest.created_at,
    auth_status: rest.auth_status,
    last_refresh_at: rest.last_refresh_at,
    token_expires_at: rest.token_expires_at,
    credentials_type: credentials?.type ?? '',
  };
}
