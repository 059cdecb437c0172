// The URL a provider posts its webhooks to (nango-api.md §11): one per environment and integration.
export function incomingWebhookUrl(serverUrl: string, environmentUuid: string, providerConfigKey: string): string {
  return `${serverUrl}/webhook/${environmentUuid}/${encodeURIComponent(providerConfigKey)}`;
}
