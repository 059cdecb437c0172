// The API usage of every connection, as the proxy last stored it (proxy/api-usage-recorder.ts), read at
// each scrape: a deleted connection's series disappear with its row, whichever process deleted it, and no
// per-connection state is kept in memory between scrapes (issue 9 point 6).
import type { Database } from '../database/database.js';

export interface ConnectionApiUsage {
  providerConfigKey: string;
  connectionId: string;
  used: number;
  max: number;
}

export async function listConnectionApiUsage(db: Database): Promise<ConnectionApiUsage[]> {
  const { rows } = await db.query<{ provider_config_key: string; connection_id: string; used: number | null; max: number | null }>(
    `select i.unique_key as provider_config_key, c.connection_id,
            (c.api_usage->>'used')::float8 as used, (c.api_usage->>'max')::float8 as max
       from connections c join integrations i on i.id = c.integration_id
      where c.api_usage is not null`,
  );
  return rows.filter((r) => r.used !== null && r.max !== null).map((r) => ({ providerConfigKey: r.provider_config_key, connectionId: r.connection_id, used: r.used!, max: r.max! }));
}
