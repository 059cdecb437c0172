// `ALL /proxy{/*}` (nango-api.md §7). The proxy lives in an encapsulated plugin without body parsers, so
// the request body stays an unread stream that the engine pipes upstream (issue 5 point 4); the response
// is written straight to the socket after `reply.hijack()`. The call itself goes through the process's one
// ProxyService, which records it (operation log, metrics, API usage).
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TerapiError } from '../../errors/terapi-error.js';
import { CallAbort } from '../../outbound/call-abort.js';
import { authedEnvironment } from '../../http/request-auth.js';
import { declareRoute, SECRET } from '../../http/route-contract.js';
import type { ProxyResponse } from '../proxy-engine.js';
import { proxyControlsOf, upstreamRequestHeaders } from '../proxy-headers.js';
import type { ProxyService } from '../proxy-service.js';

const PROXY_PREFIX = '/proxy';

export interface ProxyRouteDeps {
  proxy: ProxyService;
}

export function registerProxyRoutes(app: FastifyInstance, s: ProxyRouteDeps): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // The body is left unread: the engine streams (or, when small, buffers) it itself.
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    const handler = (req: FastifyRequest, reply: FastifyReply) => proxyOnce(req, reply, s);
    declareRoute(scope, { method: 'ALL', url: '/proxy', auth: SECRET, summary: "Call the provider at the connection's base URL with its credentials (Connection-Id, Provider-Config-Key headers)", tag: 'Proxy', produces: 'any', rawUrl: true, body: 'raw' }, handler);
    declareRoute(scope, { method: 'ALL', url: '/proxy/*', auth: SECRET, summary: "Call the provider at the connection's base URL with its credentials (Connection-Id, Provider-Config-Key headers)", tag: 'Proxy', produces: 'any', rawUrl: true, body: 'raw' }, handler);
  });
}

async function proxyOnce(req: FastifyRequest, reply: FastifyReply, s: ProxyRouteDeps): Promise<void> {
  const started = performance.now();
  const abort = new CallAbort();
  const raw = reply.raw;
  const env = authedEnvironment(req);
  const obs = s.proxy.observe(req.method, env.id);
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
    const rawUrl = req.raw.url ?? req.url;
    const lengthHeader = req.headers['content-length'];
    res = await s.proxy.engine.forward(
      {
        environmentId: env.id,
        method: req.method,
        controls: proxyControlsOf(req.headers),
        endpoint: rawUrl.startsWith(PROXY_PREFIX) ? rawUrl.slice(PROXY_PREFIX.length) : rawUrl,
        headers: upstreamRequestHeaders(req.raw.rawHeaders),
        body: req.raw,
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
  reply.hijack();
  // getHeaders() returns a fresh object (Fastify's and the raw response's headers merged): the upstream's go on top.
  raw.writeHead(res.status, Object.assign(reply.getHeaders(), res.headers) as Record<string, string | string[]>);
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
