// Environments (`dev`, `prod`) and their keys. Secret keys are looked up by SHA-256 and kept encrypted
// only so `npm start` can print the dev key; webhook signing keys are encrypted (they sign, so we need them).
import { randomUUID } from 'node:crypto';
import { LOCK_NAMESPACE, type Database } from '../database/database.js';
import { sha256Hex, type SecretBox } from '../crypto/secret-box.js';

export const DEFAULT_ENVIRONMENTS = ['dev', 'prod'] as const;

export interface WebhookSettings {
  primary_url: string | null;
  secondary_url: string | null;
  on_auth_creation: boolean;
  on_auth_refresh_error: boolean;
  on_sync_completion_always: boolean;
  on_sync_error: boolean;
  on_async_action_completion: boolean;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  primary_url: null,
  secondary_url: null,
  on_auth_creation: true,
  on_auth_refresh_error: true,
  on_sync_completion_always: false,
  on_sync_error: true,
  on_async_action_completion: false,
};

export interface Environment {
  id: number;
  uuid: string;
  name: string;
  publicKey: string;
  webhookSettings: WebhookSettings;
}

interface EnvironmentRow {
  id: number;
  uuid: string;
  name: string;
  public_key: string;
  webhook_settings: Partial<WebhookSettings>;
}

const toEnvironment = (r: EnvironmentRow): Environment => ({
  id: r.id,
  uuid: r.uuid,
  name: r.name,
  publicKey: r.public_key,
  webhookSettings: { ...DEFAULT_WEBHOOK_SETTINGS, ...r.webhook_settings },
});

// Secret-key lookups happen on every request; a short cache keeps them off the database while letting a
// key change made by another process (a restart with a new TERAPI_SECRET_KEY) take effect within seconds.
// Only keys that name an environment are kept (issue 9 point 6): caching misses would let anyone grow the
// map with random keys. The bound is a second guard, far above any real number of environments.
const CACHE_TTL_MS = 5_000;
export const SECRET_KEY_CACHE_MAX_ENTRIES = 1000;

export class EnvironmentStore {
  readonly #cache = new Map<string, { env: Environment; at: number }>();

  constructor(private readonly db: Database, private readonly box: SecretBox) {}

  /** Creates `dev` and `prod` if missing; makes `devSecretKey` dev's key when given. Returns dev's secret key. */
  async ensureDefaults(devSecretKey?: string): Promise<{ devSecretKey: string }> {
    return this.db.withAdvisoryLock(LOCK_NAMESPACE.environmentBootstrap, 0, async (client) => {
      for (const name of DEFAULT_ENVIRONMENTS) {
        const key = name === 'dev' && devSecretKey ? devSecretKey : randomUUID();
        await client.query(
          `insert into environments (uuid, name, secret_key_hash, secret_key_enc, public_key, webhook_signing_key_enc)
           values ($1, $2, $3, $4, $5, $6) on conflict (name) do nothing`,
          [randomUUID(), name, sha256Hex(key), this.box.encrypt(key), randomUUID(), this.box.encrypt(randomUUID())],
        );
      }
      if (devSecretKey) {
        await client.query(
          `update environments set secret_key_hash = $1, secret_key_enc = $2, updated_at = now()
           where name = 'dev' and secret_key_hash <> $1`,
          [sha256Hex(devSecretKey), this.box.encrypt(devSecretKey)],
        );
      }
      const { rows } = await client.query<{ secret_key_enc: string }>(`select secret_key_enc from environments where name = 'dev'`);
      this.#cache.clear();
      return { devSecretKey: this.box.decrypt(rows[0]!.secret_key_enc) };
    });
  }

  async findBySecretKey(secretKey: string): Promise<Environment | undefined> {
    const hash = sha256Hex(secretKey.toLowerCase());
    const hit = this.#cache.get(hash);
    if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.env;
    const { rows } = await this.db.query<EnvironmentRow>('select * from environments where secret_key_hash = $1', [hash]);
    if (!rows[0]) {
      this.#cache.delete(hash);
      return undefined;
    }
    const env = toEnvironment(rows[0]);
    this.#cache.delete(hash);
    if (this.#cache.size >= SECRET_KEY_CACHE_MAX_ENTRIES) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(hash, { env, at: Date.now() });
    return env;
  }

  /** Entries in the secret-key cache (tests check it stays bounded). */
  get secretKeyCacheSize(): number {
    return this.#cache.size;
  }

  /** Every environment, by name (the dashboard's environment picker). */
  async list(): Promise<Environment[]> {
    const { rows } = await this.db.query<EnvironmentRow>('select * from environments order by name');
    return rows.map(toEnvironment);
  }

  async findByName(name: string): Promise<Environment | undefined> {
    const { rows } = await this.db.query<EnvironmentRow>('select * from environments where name = $1', [name]);
    return rows[0] ? toEnvironment(rows[0]) : undefined;
  }

  async findById(id: number): Promise<Environment | undefined> {
    const { rows } = await this.db.query<EnvironmentRow>('select * from environments where id = $1', [id]);
    return rows[0] ? toEnvironment(rows[0]) : undefined;
  }

  async findByUuid(uuid: string): Promise<Environment | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(uuid)) return undefined;
    const { rows } = await this.db.query<EnvironmentRow>('select * from environments where uuid = $1', [uuid]);
    return rows[0] ? toEnvironment(rows[0]) : undefined;
  }

  async secretKeyOf(environmentId: number): Promise<string> {
    const { rows } = await this.db.query<{ secret_key_enc: string }>('select secret_key_enc from environments where id = $1', [environmentId]);
    return this.box.decrypt(rows[0]!.secret_key_enc);
  }

  async webhookSigningKey(environmentId: number): Promise<string> {
    const { rows } = await this.db.query<{ webhook_signing_key_enc: string }>(
      'select webhook_signing_key_enc from environments where id = $1',
      [environmentId],
    );
    return this.box.decrypt(rows[0]!.webhook_signing_key_enc);
  }

  async updateWebhookSettings(environmentId: number, patch: Partial<WebhookSettings>): Promise<WebhookSettings> {
    const { rows } = await this.db.query<EnvironmentRow>(
      `update environments set webhook_settings = webhook_settings || $2::jsonb, updated_at = now() where id = $1 returning *`,
      [environmentId, JSON.stringify(patch)],
    );
    this.#cache.clear();
    return toEnvironment(rows[0]!).webhookSettings;
  }
}
