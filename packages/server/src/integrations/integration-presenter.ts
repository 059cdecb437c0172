// ApiPublicIntegration (nango-api.md §5). The client secret leaves only with include=credentials.
import type { Provider } from '../providers/provider-catalog.js';
import type { Integration } from './integration-store.js';

/** `webhookUrl`: where the provider posts webhooks (include=webhook), null when it sends none to terapi. */
export function toApiIntegration(i: Integration, provider: Provider | undefined, serverUrl: string, include: ReadonlySet<string> = new Set(), webhookUrl: string | null = null): Record<string, unknown> {
  const out: Record<string, unknown> = {
    unique_key: i.uniqueKey,
    provider: i.provider,
    display_name: i.displayName ?? provider?.display_name ?? i.provider,
    logo: `${serverUrl}/images/template-logos/${i.provider}.svg`,
    forward_webhooks: i.forwardWebhooks,
    created_at: i.createdAt.toISOString(),
    updated_at: i.updatedAt.toISOString(),
  };
  if (include.has('webhook')) out.webhook_url = webhookUrl;
  if (include.has('credentials')) {
    const c = i.credentials;
    out.credentials = c
      ? { type: c.type, client_id: c.client_id ?? null, client_secret: c.client_secret ?? null, scopes: c.scopes ?? null, webhook_secret: c.webhook_secret ?? null }
      : null;
  }
  return out;
}
