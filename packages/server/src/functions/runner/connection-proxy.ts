// A function's proxy call goes through terapi's proxy engine (src/proxy/proxy-engine.ts, nango-api.md §7),
// exactly as `/proxy` would send it: the connection's base URL, fresh credentials, retries, one refresh and
// replay on an expired session, allowed Base-Url-Override hosts only, the private-network guard. The control
// headers are set here, from the function's own connection; the function's headers travel as Nango-Proxy-*
// so they can never name another connection.
import { Readable } from 'node:stream';
import type { Connection } from '../../connections/connection-store.js';
import { ProxyEngine } from '../../proxy/proxy-engine.js';
import { proxyRuntimeFor } from '../../proxy/routes/proxy-routes.js';
import type { Services } from '../../server/services.js';
import type { ProxyRequest, ProxyResponse } from './function-host.js';
import { TerapiError } from '../../errors/terapi-error.js';

/** A proxied call may not outlive the function's own limits; this bounds one request (retries included). */
const REQUEST_BUDGET_MS = 10 * 60_000;

const engines = new WeakMap<Services, ProxyEngine>();
function engineFor(s: Services): ProxyEngine {
  // Where this process serves /proxy, share its engine (operation log, metrics, API usage); a worker-only
  // process has none and keeps its own.
  const shared = proxyRuntimeFor(s)?.engine;
  if (shared) return shared;
  let engine = engines.get(s);
  if (!engine) {
    engine = new ProxyEngine({ ...s });
    engines.set(s, engine);
  }
  return engine;
}

/** An absolute endpoint (a Link header, an absolute nextRecordsUrl) becomes an override of the base plus its path. */
function target(req: ProxyRequest): { override: string; path: string } {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(req.params ?? {})) params.set(k, String(v));
  let override = req.baseUrlOverride ?? '';
  let path = req.endpoint;
  if (/^https?:\/\//i.test(path)) {
    const u = new URL(path);
    override = u.origin;
    path = u.pathname + u.search;
  }
  if (!path.startsWith('/')) path = `/${path}`;
  const extra = params.toString();
  return { override, path: extra ? `${path}${path.includes('?') ? '&' : '?'}${extra}` : path };
}

export async function proxyForConnection(s: Services, connection: Connection, req: ProxyRequest): Promise<ProxyResponse> {
  const { override, path } = target(req);
  const method = req.method.toUpperCase();
  const body = req.data === undefined || method === 'GET' ? undefined : Buffer.from(typeof req.data === 'string' ? req.data : JSON.stringify(req.data));
  const controls: Record<string, string> = {
    'connection-id': connection.connectionId,
    'provider-config-key': connection.providerConfigKey,
    retries: String(Math.max(0, Math.floor(req.retries ?? 0))),
    'base-url-override': override,
    ...(req.retryOn?.length ? { 'retry-on': req.retryOn.map((c) => Math.floor(c)).join(',') } : {}),
  };
  const raw: string[] = [];
  for (const [k, v] of Object.entries(controls)) raw.push(k, v);
  let hasContentType = false;
  for (const [k, v] of Object.entries(req.headers ?? {})) {
    raw.push(`Nango-Proxy-${k}`, v);
    if (k.toLowerCase() === 'content-type') hasContentType = true;
  }
  const headers: Record<string, string> = { ...controls };
  if (body) {
    if (!hasContentType) raw.push('Content-Type', 'application/json');
    headers['content-length'] = String(body.length);
  }
  const res = await engineFor(s).forward(
    { environmentId: connection.environmentId, method, rawUrl: `/proxy${path}`, rawHeaders: raw, headers, body: body ? Readable.from([body]) : null, signal: AbortSignal.timeout(REQUEST_BUDGET_MS) },
    engineFor(s).newTrace(),
  );
  // The response is buffered for the function, so it is capped (TERAPI_FUNCTION_PROXY_MAX_BYTES) instead of
  // growing without bound; a larger one fails the call inside the function with the limit named.
  const cap = s.config.functionProxyMaxBytes;
  const chunks: Buffer[] = [];
  let size = 0;
  const tooLarge = () =>
    new TerapiError('function_proxy_response_too_large.response', { method, path, limit: cap });
  if (Buffer.isBuffer(res.body)) {
    if (res.body.length > cap) throw tooLarge();
    chunks.push(res.body);
  } else {
    for await (const c of res.body) {
      const chunk = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
      size += chunk.length;
      if (size > cap) {
        (res.body as { destroy?(): void }).destroy?.();
        throw tooLarge();
      }
      chunks.push(chunk);
    }
  }
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) flat[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  // The body goes to the worker as text: JSON is parsed there, off the API's event loop (sdk/function-helper.ts).
  const bytes = Buffer.concat(chunks);
  return { status: res.status, headers: flat, data: bytes.length ? bytes.toString('utf8') : null };
}
