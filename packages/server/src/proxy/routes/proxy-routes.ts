// `ALL /proxy{/*}` (nango-api.md §7). The proxy's requests are taken by the front door (http/front-door.ts),
// ahead of Fastify's router, which authenticates them as the route declares; Fastify keeps the declared route
// (OpenAPI, the route table) in an encapsulated plugin without body parsers and serves what the door passes on.
// Either way the request body stays an unread stream that the engine pipes upstream (issue 5 point 4), and the
// response is written straight to the socket. The call itself goes through the process's one ProxyService,
// which records it (operation log, metrics, API usage).
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TerapiError } from '../../errors/terapi-error.js';
import { CallAbort } from '../../outbound/call-abort.js';
import { authedEnvironment } from '../../http/request-auth.js';
import type { FrontDoor } from '../../http/front-door.js';
import type { Environment } from '../../environments/environment-store.js';
import { declareRoute, SECRET } from '../../http/route-contract.js';
import type { ProxyResponse } from '../proxy-engine.js';
import { proxyControlsOf, upstreamRequestHeaders } from '../proxy-headers.js';
import type { ProxyService } from '../proxy-service.js';

const PROXY_PREFIX = '/proxy';

export interface ProxyRouteDeps {
  proxy: ProxyService;
  /** Where the proxy's requests are taken ahead of Fastify's router (http/front-door.ts); without it, Fastify serves them. */
  front?: FrontDoor;
}

const SUMMARY = "Call the provider at the connection's base URL with its credentials (Connection-Id, Provider-Config-Key headers)";
const PROXY_ROOT = { method: 'ALL', url: '/proxy', auth: SECRET, summary: SUMMARY, tag: 'Proxy', produces: 'any', rawUrl: true, body: 'raw' } as const;
const PROXY_PATHS = { ...PROXY_ROOT, url: '/proxy/*' } as const;

export function registerProxyRoutes(app: FastifyInstance, s: ProxyRouteDeps): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // The body is left unread: the engine streams (or, when small, buffers) it itself.
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    // Fastify's way in: what the front door passes on (none when there is one, but OPTIONS, which @fastify/cors answers first).
    const handler = (req: FastifyRequest, reply: FastifyReply) =>
      proxyExchange(req.raw, reply.raw, authedEnvironment(req), () => {
        reply.hijack();
        // getHeaders() returns a fresh object (Fastify's and the raw response's headers merged, CORS's among them).
        return reply.getHeaders() as OutgoingHttpHeaders;
      }, s);
    declareRoute(scope, PROXY_ROOT, handler);
    declareRoute(scope, PROXY_PATHS, handler);
  });
  s.front?.add({ contract: PROXY_PATHS, handle: (req, res, caller, headers) => proxyExchange(req, res, caller.environment, () => headers, s) });
}

/**
 * One proxied exchange: forwards the caller's request and writes the upstream's answer on `res`, on top of the
 * headers `begin()` returns when the answer begins (CORS). Throws, with nothing written, when no answer came;
 * the way in answers the error.
 */
async function proxyExchange(req: IncomingMessage, raw: ServerResponse, env: Environment, begin: () => OutgoingHttpHeaders, s: ProxyRouteDeps): Promise<void> {
  const started = performance.now();
  const abort = new CallAbort();
  const method = req.method ?? 'GET';
  const obs = s.proxy.observe(method, env.id);
  // Where the exchange is when the caller's socket closes: waiting for the upstream's answer (a close aborts
  // the upstream exchange), streaming it (a close records the call, interrupted unless all was written), or
  // done (recorded already: an error, or a buffered answer).
  let phase: 'waiting' | 'streaming' | 'done' = 'waiting';
  let res: ProxyResponse | undefined;
  // One close listener for the whole exchange (per request: listeners are closures, and once() wraps them again).
  const onClose = () => {
    if (phase === 'waiting') {
      if (!raw.writableFinished) abort.abort();
    } else if (phase === 'streaming') {
      phase = 'done';
      const interrupted = !raw.writableFinished;
      if (interrupted) (res!.body as Readable).destroy();
      obs.finish(res!.status, interrupted ? 'stream_interrupted' : undefined);
    }
  };
  raw.on('close', onClose);
  try {
    const rawUrl = req.url ?? '';
    const lengthHeader = req.headers['content-length'];
    res = await s.proxy.engine.forward(
      {
        environmentId: env.id,
        method,
        controls: proxyControlsOf(req.headers),
        endpoint: rawUrl.startsWith(PROXY_PREFIX) ? rawUrl.slice(PROXY_PREFIX.length) : rawUrl,
        headers: upstreamRequestHeaders(req.rawHeaders),
        body: req,
        contentLength: typeof lengthHeader === 'string' ? lengthHeader : undefined,
        chunked: req.headers['transfer-encoding'] !== undefined,
        signal: abort,
      },
      obs.trace,
    );
  } catch (err) {
    phase = 'done';
    raw.off('close', onClose);
    obs.finish(err instanceof TerapiError ? err.status : 500, err instanceof TerapiError ? err.code : 'server_error');
    throw err;
  }
  s.proxy.observeDuration(obs, started);
  // The upstream's headers go on top of the way in's.
  raw.writeHead(res.status, Object.assign(begin(), res.headers) as OutgoingHttpHeaders);
  if (Buffer.isBuffer(res.body)) {
    raw.end(res.body);
    phase = 'done';
    raw.off('close', onClose);
    obs.finish(res.status);
    return;
  }
  // .pipe rather than stream.pipeline: pipeline allocates an AbortController (and aborts it, building a
  // DOMException) per call, a measurable share of the proxy's CPU per request (bench/proxy.bench.ts).
  // A body error destroys the response, whose close then records the call as interrupted.
  phase = 'streaming';
  const body = res.body;
  body.once('error', () => raw.destroy());
  body.pipe(raw);
}
