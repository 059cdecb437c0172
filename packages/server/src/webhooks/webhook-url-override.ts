// nango-api.md §2.1: webhook_url_override must not point to private addresses. A session or connection
// could otherwise make terapi POST signed webhooks into its own network. TERAPI_UPSTREAM_MAP, which already
// sends chosen hosts elsewhere for tests and local development, is the one way to allow such a host.
import { TerapiError } from '../errors/terapi-error.js';
import { isPrivateHostName } from '../outbound/private-host-name.js';
import type { UpstreamMap } from '../outbound/upstream-map.js';

/** Throws invalid_body naming `webhook_url_override` when `url` (already a valid URL, or '') names a private host. */
export function refusePrivateWebhookUrl(url: string | undefined, upstreamMap: UpstreamMap): void {
  if (!url) return;
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'http:' && protocol !== 'https:') refuse(new TerapiError('invalid_body.webhook_url_scheme', { protocol }, { errors: issue('must be an http or https URL') }));
  if (!isPrivateHostName(hostname) || upstreamMap.originFor(hostname.replace(/\.$/, ''))) return;
  refuse(new TerapiError('invalid_body.webhook_url_private', { host: hostname }, { errors: issue('must not point to a private or loopback address') }));
}

function issue(message: string) {
  return [{ code: 'custom', message, path: ['webhook_url_override'] }];
}

function refuse(err: TerapiError): never {
  throw err;
}
