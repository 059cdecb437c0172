// The parts of terapi's answers the Connect UI reads (nango-api.md §2.3, §4, §5).
import type { ConnectUISettings } from '../frame/parent-frame';

export interface ConnectSession {
  endUser: { id: string; display_name: string | null; email: string | null } | null;
  connectUISettings: ConnectUISettings;
  allowed_integrations?: string[];
  integrations_config_defaults?: Record<string, { connection_config?: Record<string, unknown>; authorization_params?: Record<string, string> }>;
  isReconnecting?: true;
  websocketsPath?: string;
}

export interface Integration {
  unique_key: string;
  provider: string;
  display_name: string;
  logo: string;
}

/** A catalog field (SimplifiedJSONSchema, plus terapi's `reject` and `suggest` rules). */
export interface CatalogField {
  type: string;
  title?: string;
  description?: string;
  example?: string;
  pattern?: string;
  optional?: boolean;
  required_unless?: string;
  secret?: boolean;
  hidden?: boolean;
  automated?: boolean;
  prefix?: string;
  suffix?: string;
  order?: number;
  default_value?: string;
  reject?: { pattern: string; code: string }[];
  suggest?: { pattern: string; provider: string }[];
}

export interface Provider {
  name: string;
  display_name: string;
  auth_mode: string;
  logo_url: string;
  docs_connect?: string;
  connection_config?: Record<string, CatalogField>;
  credentials?: Record<string, CatalogField>;
}
