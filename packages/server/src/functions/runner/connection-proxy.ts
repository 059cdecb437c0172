// A function's proxy call: the connection's base URL (catalog proxy.base_url), its fresh access token,
// retries on network errors, 5xx and 429 (nango-api.md §7 "Retries"), and one forced refresh when the
// provider says the session expired (e.g. Salesforce INVALID_SESSION_ID, spec/salesforce.md).
// src/proxy/ will own the public /proxy; until it exposes an in-process function this goes through OutboundHttp.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from '../../connections/connection-store.js';
import { TerapiError } from '../../errors/terapi-error.js';
import { hooksOf } from '../../providers/provider-hooks.js';
import { interpolate } from '../../providers/template.js';
import type { Services } from '../../server/services.js';
import type { ProxyRequest, ProxyResponse } from './function-host.js';

const MAX_RETRIES = 10;

// The access token goes only to the connection's own host or a host the catalog allows (allowed_hosts).
function assertAllowedHost(url: URL, base: URL, allowed: string[]): void {
  const host = url.hostname.toLowerCase();
  if (host === base.hostname.toLowerCase()) return;
  if (allowed.some((a) => (a.startsWith('*.') ? host.endsWith(a.slice(1).toLowerCase()) : host === a.toLowerCase()))) return;
  throw new TerapiError('base_url_override_not_allowed', `A function may only call its connection's own host (${base.hostname}) or a host its provider allows, not ${host}.`);
}

function upstreamUrl(base: string, endpoint: string, params: ProxyRequest['params']): URL {
  const url = /^https?:\/\//i.test(endpoint) ? new URL(endpoint) : new URL(base.replace(/\/+$/, '') + (endpoint.startsWith('/') ? endpoint : `/${endpoint}`));
  for (const [k, v] of Object.entries(params ?? {})) url.searchParams.set(k, String(v));
  return url;
}

function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export async function proxyForConnection(s: Services, original: Connection, req: ProxyRequest): Promise<ProxyResponse> {
  const provider = s.catalog.get(original.provider);
  if (!provider?.proxy) throw new TerapiError('proxy_request_failed', `The provider ${original.provider} has no proxy base URL in the catalog.`);
  const hooks = hooksOf(s.hooks, provider);
  const retries = Math.min(Math.max(req.retries ?? 0, 0), MAX_RETRIES);
  let refreshed = false;
  let connection = await s.credentials.fresh((await s.connections.getById(original.id)) ?? original);
  for (let attempt = 0; ; attempt++) {
    const scope = { connectionConfig: connection.connectionConfig, credentials: connection.credentials ?? {} };
    const ownBase = interpolate(provider.proxy.base_url, scope);
    const base = req.baseUrlOverride || ownBase;
    const url = upstreamUrl(base, req.endpoint, req.params);
    assertAllowedHost(url, new URL(ownBase), provider.proxy.allowed_hosts ?? []);
    const token = connection.credentials ? s.credentials.strategyFor(provider)?.accessToken(connection.credentials) : undefined;
    const headers: Record<string, string> = { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
    for (const [k, v] of Object.entries(provider.proxy.headers ?? {})) headers[k.toLowerCase()] = interpolate(v, scope);
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
    let body: string | undefined;
    if (req.data !== undefined && req.method.toUpperCase() !== 'GET') {
      body = typeof req.data === 'string' ? req.data : JSON.stringify(req.data);
      headers['content-type'] ??= 'application/json';
    }
    let status: number;
    let resHeaders: Record<string, string>;
    let text: string;
    try {
      const res = await s.http.request(url, { method: req.method.toUpperCase() as 'GET', headers, ...(body !== undefined ? { body } : {}) });
      status = res.status;
      resHeaders = flatHeaders(res.headers);
      text = await res.text();
    } catch (err) {
      if (attempt < retries) {
        await sleep(backoffMs(attempt));
        continue;
      }
      throw new TerapiError('proxy_request_failed', `The request to ${url.host} failed: ${(err as Error).message}`);
    }
    if (!refreshed && hooks.isExpiredSession?.(status, text)) {
      refreshed = true;
      connection = await s.credentials.fresh(connection, { forceRefresh: true });
      attempt--;
      continue;
    }
    if ((status >= 500 || status === 429) && attempt < retries) {
      await sleep(backoffMs(attempt, resHeaders['retry-after']));
      continue;
    }
    return { status, headers: resHeaders, data: parseBody(text, resHeaders['content-type']) };
  }
}

function backoffMs(attempt: number, retryAfter?: string): number {
  const seconds = retryAfter !== undefined ? Number(retryAfter) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 30_000);
  return Math.min(100 * 2 ** attempt, 5_000);
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return null;
  if (contentType && !/json/i.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
