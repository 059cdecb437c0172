// Auth webhooks to the app (nango-api.md §11, type 'auth'): creation, override, and refresh failures.
import type { Connection } from '../connections/connection-store.js';
import type { Queryable } from '../database/database.js';
import type { EnvironmentStore, WebhookSettings } from '../environments/environment-store.js';
import type { ProviderCatalog } from '../providers/provider-catalog.js';
import type { WebhookOutbox } from './webhook-outbox.js';

/** nango-api.md §11: a connection's webhook_url_override replaces the primary URL and drops the secondary. */
export function webhookUrls(settings: WebhookSettings, override: string | null | undefined): string[] {
  if (override) return [override];
  return [settings.primary_url, settings.secondary_url].filter((u): u is string => !!u);
}

export class AuthEvents {
  constructor(private readonly deps: { outbox: WebhookOutbox; environments: EnvironmentStore; catalog: ProviderCatalog }) {}

  #base(c: Connection, envName: string) {
    const provider = this.deps.catalog.get(c.provider);
    return {
      from: 'nango',
      type: 'auth',
      connectionId: c.connectionId,
      providerConfigKey: c.providerConfigKey,
      authMode: provider?.auth_mode,
      provider: c.provider,
      environment: envName,
      ...(Object.keys(c.tags).length ? { tags: c.tags } : {}),
      ...(c.endUser
        ? { endUser: { endUserId: c.endUser.id, endUserEmail: c.endUser.email ?? undefined, organizationId: c.endUser.organization?.id, tags: c.endUser.tags ?? {} } }
        : {}),
    };
  }

  async connected(c: Connection, operation: 'creation' | 'override', q?: Queryable): Promise<void> {
    const env = await this.deps.environments.findById(c.environmentId);
    if (!env) return;
    // override events are sent whenever a URL exists; creation follows on_auth_creation.
    if (operation === 'creation' && !env.webhookSettings.on_auth_creation) return;
    const urls = webhookUrls(env.webhookSettings, c.webhookUrlOverride);
    await this.deps.outbox.enqueue(env.id, 'auth', { ...this.#base(c, env.name), operation, success: true }, urls, q);
  }

  async refreshFailed(c: Connection, error: { code: string; message: string }, q?: Queryable): Promise<void> {
    const env = await this.deps.environments.findById(c.environmentId);
    if (!env || !env.webhookSettings.on_auth_refresh_error) return;
    const urls = webhookUrls(env.webhookSettings, c.webhookUrlOverride);
    await this.deps.outbox.enqueue(
      env.id,
      'auth',
      { ...this.#base(c, env.name), operation: 'refresh', success: false, error: { type: error.code, description: error.message } },
      urls,
      q,
    );
  }
}
