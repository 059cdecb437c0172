import { createHash, randomBytes } from 'node:crypto';
import { requestAsHost, type HostResponse } from '../hosts/request-as-host.js';
import type { SimApp } from '../salesforce-sim.js';

/**
 * Runs the authorize step of the web server flow against a simulator and returns the redirect's query
 * (`code`/`state` or `error`/`error_description`). Used by tests here and in terapi's server tests.
 */
export async function authorizeForCode(
  origin: string,
  host: string,
  app: Pick<SimApp, 'clientId' | 'callbackUrls'>,
  extra: Record<string, string> = {},
): Promise<{ response: HostResponse; query: URLSearchParams }> {
  const params = new URLSearchParams({ response_type: 'code', client_id: app.clientId, redirect_uri: app.callbackUrls[0] ?? '', ...extra });
  const response = await requestAsHost(origin, host, `/services/oauth2/authorize?${params.toString()}`);
  const location = response.headers.location;
  return { response, query: location === undefined ? new URLSearchParams() : new URL(location).searchParams };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
