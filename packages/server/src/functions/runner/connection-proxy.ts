// A function's proxy call goes through terapi's one ProxyService (src/proxy/proxy-service.ts, nango-api.md
// §7), as a typed in-process call: the connection's base URL, fresh credentials, retries, one refresh and
// replay on an expired session, allowed Base-Url-Override hosts only, the private-network guard, and the
// same operation log, metrics and API-usage figures as `/proxy`, naming the function and its run. The
// connection is the function's own; the function's headers can never name another one.
import type { Connection } from '../../connections/connection-store.js';
import type { ProxyCaller, ProxyService } from '../../proxy/proxy-service.js';
import type { ProxyRequest, ProxyResponse } from './function-host.js';
import { TerapiError } from '../../errors/terapi-error.js';

/** A proxied call may not outlive the function's own limits; this bounds one request (retries included). */
const REQUEST_BUDGET_MS = 10 * 60_000;

export interface ConnectionProxyDeps {
  proxy: ProxyService;
  config: { functionProxyMaxBytes: number };
}

/** An absolute endpoint (a Link header, an absolute nextRecordsUrl) becomes an override of the base plus its path. */
function target(req: ProxyRequest): { override: string; path: string } {
  let override = req.baseUrlOverride ?? '';
  let path = req.endpoint;
  if (/^https?:\/\//i.test(path)) {
    const u = new URL(path);
    override = u.origin;
    path = u.pathname + u.search;
  }
  if (!path.startsWith('/')) path = `/${path}`;
  return { override, path };
}

export async function proxyForConnection(s: ConnectionProxyDeps, connection: Connection, req: ProxyRequest, caller?: ProxyCaller): Promise<ProxyResponse> {
  const { override, path } = target(req);
  const method = req.method.toUpperCase();
  const body = req.data === undefined || method === 'GET' ? undefined : Buffer.from(typeof req.data === 'string' ? req.data : JSON.stringify(req.data));
  // The response is buffered for the function, so it is capped (TERAPI_FUNCTION_PROXY_MAX_BYTES) instead of
  // growing without bound; a larger one fails the call inside the function with the limit named.
  const cap = s.config.functionProxyMaxBytes;
  return s.proxy.call(
    {
      connection,
      method,
      path,
      ...(req.params ? { params: req.params } : {}),
      ...(req.headers ? { headers: req.headers } : {}),
      ...(body ? { body } : {}),
      retries: req.retries ?? 0,
      ...(req.retryOn?.length ? { retryOn: req.retryOn } : {}),
      baseUrlOverride: override,
      ...(caller ? { caller } : {}),
      signal: AbortSignal.timeout(REQUEST_BUDGET_MS),
    },
    async (res) => {
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
    },
  );
}
