// Integrations: one provider configured for one environment (client id, encrypted client secret, scopes).
import type { Database, Queryable } from '../database/database.js';
import type { SecretBox } from '../crypto/secret-box.js';

export interface IntegrationCredentials {
  type: string;
  client_id?: string | null;
  client_secret?: string | null;
  scopes?: string | null;
  webhook_secret?: string | null;
  app_id?: string | null;
  app_link?: string | null;
  private_key?: string | null;
}

export interface Integration {
  id: number;
  environmentId: number;
  uniqueKey: string;
  provider: string;
  displayName: string | null;
  forwardWebhooks: boolean;
  credentials: IntegrationCredentials | null;
  integrationConfig: Record<string, string> | null;
  custom: Record<string, string> | null;
  createdAt: Date;
  updatedAt: Date;
}

interface IntegrationRow {
  id: number;
  environment_id: number;
  unique_key: string;
  provider: string;
  display_name: string | null;
  forward_webhooks: boolean;
  credentials_enc: string | null;
  integration_config: Record<string, string> | null;
  custom: Record<string, string> | null;
  created_at: Date;
  updated_at: Date;
}

export interface IntegrationWrite {
  uniqueKey?: string;
  provider?: string;
  displayName?: string | null;
  forwardWebhooks?: boolean;
  credentials?: IntegrationCredentials | null;
  integrationConfig?: Record<string, string> | null;
  custom?: Record<string, string> | null;
}

export class IntegrationStore {
  constructor(private readonly db: Database, private readonly box: SecretBox) {}

  #toIntegration = (r: IntegrationRow): Integration => ({
    id: r.id,
    environmentId: r.environment_id,
    uniqueKey: r.unique_key,
    provider: r.provider,
    displayName: r.display_name,
    forwardWebhooks: r.forward_webhooks,
    credentials: r.credentials_enc ? this.box.decryptJson<IntegrationCredentials>(r.credentials_enc) : null,
    integrationConfig: r.integration_config,
    custom: r.custom,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });

  async list(environmentId: number): Promise<Integration[]> {
    const { rows } = await this.db.query<IntegrationRow>('select * from integrations where environment_id = $1 order by created_at, id', [environmentId]);
    return rows.map(this.#toIntegration);
  }

  async get(environmentId: number, uniqueKey: string, q: Queryable = this.db): Promise<Integration | undefined> {
    const { rows } = await q.query<IntegrationRow>('select * from integrations where environment_id = $1 and unique_key = $2', [environmentId, uniqueKey]);
    return rows[0] ? this.#toIntegration(rows[0]) : undefined;
  }

  async getById(id: number): Promise<Integration | undefined> {
    const { rows } = await this.db.query<IntegrationRow>('select * from integrations where id = $1', [id]);
    return rows[0] ? this.#toIntegration(rows[0]) : undefined;
  }

  /** Returns undefined when the unique key is taken. */
  async create(environmentId: number, w: Required<Pick<IntegrationWrite, 'uniqueKey' | 'provider'>> & IntegrationWrite): Promise<Integration | undefined> {
    const { rows } = await this.db.query<IntegrationRow>(
      `insert into integrations (environment_id, unique_key, provider, display_name, forward_webhooks, credentials_type, credentials_enc, integration_config, custom)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (environment_id, unique_key) do nothing returning *`,
      [
        environmentId,
        w.uniqueKey,
        w.provider,
        w.displayName ?? null,
        w.forwardWebhooks ?? true,
        w.credentials?.type ?? null,
        w.credentials ? this.box.encryptJson(w.credentials) : null,
        w.integrationConfig ?? null,
        w.custom ?? null,
      ],
    );
    return rows[0] ? this.#toIntegration(rows[0]) : undefined;
  }

  /** Returns 'conflict' when the new unique key is taken, undefined when the integration does not exist. */
  async update(environmentId: number, uniqueKey: string, w: IntegrationWrite): Promise<Integration | undefined | 'conflict'> {
    const sets: string[] = [];
    const values: unknown[] = [environmentId, uniqueKey];
    const set = (col: string, v: unknown) => {
      values.push(v);
      sets.push(`${col} = $${values.length}`);
    };
    if (w.uniqueKey !== undefined) set('unique_key', w.uniqueKey);
    if (w.displayName !== undefined) set('display_name', w.displayName);
    if (w.forwardWebhooks !== undefined) set('forward_webhooks', w.forwardWebhooks);
    if (w.credentials !== undefined) {
      set('credentials_type', w.credentials?.type ?? null);
      set('credentials_enc', w.credentials ? this.box.encryptJson(w.credentials) : null);
    }
    if (w.integrationConfig !== undefined) set('integration_config', w.integrationConfig);
    if (w.custom !== undefined) set('custom', w.custom);
    sets.push('updated_at = now()');
    try {
      const { rows } = await this.db.query<IntegrationRow>(
        `update integrations set ${sets.join(', ')} where environment_id = $1 and unique_key = $2 returning *`,
        values,
      );
      return rows[0] ? this.#toIntegration(rows[0]) : undefined;
    } catch (err) {
      if ((err as { code?: string }).code === '23505') return 'conflict';
      throw err;
    }
  }

  async delete(environmentId: number, uniqueKey: string): Promise<boolean> {
    const { rowCount } = await this.db.query('delete from integrations where environment_id = $1 and unique_key = $2', [environmentId, uniqueKey]);
    return (rowCount ?? 0) > 0;
  }
}
