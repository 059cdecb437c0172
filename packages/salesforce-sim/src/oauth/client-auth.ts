import type { IncomingHttpHeaders } from 'node:http';
import type { ResolvedHost, SalesforceSim, SimApp } from '../salesforce-sim.js';
import { invalidClient, invalidClientId } from './oauth-error.js';

export interface ClientCredentials {
  clientId?: string;
  clientSecret?: string;
}

/** spec/salesforce.md §1.2: client id and secret in the form body or as HTTP Basic. */
export function readClientCredentials(headers: IncomingHttpHeaders, form: Record<string, string>): ClientCredentials {
  const basic = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (basic?.[1] !== undefined) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon !== -1) {
      return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
    }
  }
  return {
    ...(form.client_id !== undefined ? { clientId: form.client_id } : {}),
    ...(form.client_secret !== undefined ? { clientSecret: form.client_secret } : {}),
  };
}

/**
 * `invalid_client_id` for a consumer key this host does not know, `invalid_client` for a wrong or (when the app
 * requires it) missing secret (spec/salesforce.md §1.8).
 */
export function authenticateClient(
  sim: SalesforceSim,
  host: ResolvedHost,
  creds: ClientCredentials,
  /** `per-app`: the app's "Require Secret" setting decides (web server and refresh flows). */
  secret: 'always' | 'per-app',
): SimApp {
  const app = creds.clientId === undefined ? undefined : sim.findAppForHost(creds.clientId, host);
  if (!app) throw invalidClientId();
  const required = secret === 'always' || app.requireSecret;
  if (creds.clientSecret !== undefined ? creds.clientSecret !== app.clientSecret : required) throw invalidClient();
  return app;
}
