// The shapes of terapi's answers the dashboard reads (nango-api.md §4, §5, §6; dashboard-session-routes.ts).
export interface DashboardSessionInfo {
  environments: Array<{ name: string }>;
  all_environments: boolean;
  server_url: string;
  csrf_token: string;
  expires_at: string;
}

export interface Provider {
  name: string;
  display_name: string;
  auth_mode: string;
  categories?: string[];
  docs?: string;
}

export interface Integration {
  unique_key: string;
  provider: string;
  display_name: string;
  created_at: string;
  updated_at: string;
  credentials?: { type: string; client_id: string | null; scopes: string | null } | null;
}

export interface DeployedFunctions {
  providerConfigKey: string;
  syncs: Array<{ name: string; version: string; runs: string | null; enabled: boolean; auto_start: boolean }>;
  actions: Array<{ name: string; version: string; enabled: boolean }>;
  'on-events': Array<{ name: string; event: string }>;
}

export interface ConnectionListItem {
  id: number;
  connection_id: string;
  provider_config_key: string;
  provider: string;
  errors: Array<{ type: string; log_id?: string }>;
  end_user: { id: string; email?: string | null; display_name?: string | null } | null;
  tags: Record<string, string>;
  created: string;
}

export interface Connection extends ConnectionListItem {
  connection_config: Record<string, unknown>;
  credentials: { type: string; expires_at?: string; raw?: unknown; access_token?: string };
  last_fetched_at?: string;
}
