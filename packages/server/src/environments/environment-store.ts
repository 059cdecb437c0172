// Environments (`dev`, `prod`) and their keys. Secret keys are looked up by SHA-256 and kept encrypted
// only so `npm start` can print the dev key; webhook signing keys are encrypted (they sign, so we need them).
// In memory, the secret-key cache holds recently used keys as sent, for a few seconds (see below).
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
  /** Set when the row was found by its previous secret key (in its grace): when that key stops working. */
  previous_valid_until?: Date | null;
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
// Entries are keyed by the key as sent, not by its hash: a hit then costs no SHA-256 (issue 15 point 1,
// 1.5 % of the proxy's CPU). The key is only in memory, as it already is in the request's header; a
// different case of a known key is one more entry, within the same bound.
const CACHE_TTL_MS = 5_000;
export const SECRET_KEY_CACHE_MAX_ENTRIES = 1000;

export interface SecretKeys {
  secret_key: string;
  /** The key rotation replaced, while it still works. */
  previous_secret_key: { secret_key: string; expires_at: string } | null;
}

export class EnvironmentStore {
  readonly #cache = new Map<string, { env: Environment; until: number }>();

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
           where name = 'dev' and secret_key_hash <> $1 and previous_secret_key_hash is distinct from $1`,
          [sha256Hex(devSecretKey), this.box.encrypt(devSecretKey)],
        );
      }
      const { rows } = await client.query<{ secret_key_enc: string }>(`select secret_key_enc from environments where name = 'dev'`);
      this.#cache.clear();
      return { devSecretKey: this.box.decrypt(rows[0]!.secret_key_enc) };
    });
  }

  /** The environment of a secret key held in the cache (no hash, no query); undefined when it is not, or no longer. */
  cachedBySecretKey(secretKey: string): Environment | undefined {
    const hit = this.#cache.get(secretKey);
    return hit !== undefined && Date.now() < hit.until ? hit.env : undefined;
  }

  /** The environment of a secret key: its current key, or the previous one while its grace lasts. */
  async findBySecretKey(secretKey: string): Promise<Environment | undefined> {
    const cached = this.cachedBySecretKey(secretKey);
    if (cached !== undefined) return cached;
    const hash = sha256Hex(secretKey.toLowerCase());
    const { rows } = await this.db.query<EnvironmentRow>(
      `select *, case when secret_key_hash = $1 then null else previous_secret_key_expires_at end as previous_valid_until
       from environments
       where secret_key_hash = $1 or (previous_secret_key_hash = $1 and previous_secret_key_expires_at > now())`,
      [hash],
    );
    if (!rows[0]) {
      this.#cache.delete(secretKey);
      return undefined;
    }
    const env = toEnvironment(rows[0]);
    this.#cache.delete(secretKey);
    if (this.#cache.size >= SECRET_KEY_CACHE_MAX_ENTRIES) this.#cache.delete(this.#cache.keys().next().value!);
    // a previous key is never cached past the end of its grace
    const until = Math.min(Date.now() + CACHE_TTL_MS, rows[0].previous_valid_until?.getTime() ?? Infinity);
    this.#cache.set(secretKey, { env, until });
    return env;
  }

  /**
   * Makes a new secret key current; the one it replaces keeps working for `graceMs` (or until
   * revokePrevious). A previous key still in its grace is replaced: only one previous key works at a time.
   */
  async rotateSecretKey(environmentId: number, graceMs: number): Promise<SecretKeys> {
    const key = randomUUID();
    await this.db.query(
      `update environments set previous_secret_key_hash = secret_key_hash, previous_secret_key_enc = secret_key_enc,
         previous_secret_key_expires_at = now() + make_interval(secs => $4::float8 / 1000),
         secret_key_hash = $2, secret_key_enc = $3, updated_at = now()
       where id = $1`,
      [environmentId, sha256Hex(key), this.box.encrypt(key), graceMs],
    );
    this.#cache.clear();
    return this.secretKeys(environmentId);
  }

  /** Ends the previous key's grace now. */
  async revokePreviousSecretKey(environmentId: number): Promise<SecretKeys> {
    await this.db.query(
      `update environments set previous_secret_key_hash = null, previous_secret_key_enc = null, previous_secret_key_expires_at = null, updated_at = now()
       where id = $1`,
      [environmentId],
    );
    this.#cache.clear();
    return this.secretKeys(environmentId);
  }

  /** The current key and, while its grace lasts, the previous one with the instant it stops working. */
  async secretKeys(environmentId: number): Promise<SecretKeys> {
    const { rows } = await this.db.query<{ secret_key_enc: string; previous_secret_key_enc: string | null; previous_secret_key_expires_at: Date | null }>(
      `select secret_key_enc,
         case when previous_secret_key_expires_at > now() then previous_secret_key_enc end as previous_secret_key_enc,
         case when previous_secret_key_expires_at > now() then previous_secret_key_expires_at end as previous_secret_key_expires_at
       from environments where id = $1`,
      [environmentId],
    );
    const r = rows[0]!;
    return {
      secret_key: this.box.decrypt(r.secret_key_enc),
      previous_secret_key:
        r.previous_secret_key_enc && r.previous_secret_key_expires_at ? { secret_key: this.box.decrypt(r.previous_secret_key_enc), expires_at: r.previous_secret_key_expires_at.toISOString() } : null,
    };
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
