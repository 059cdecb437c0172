// Browsers call terapi's API from other origins (@nangohq/frontend from the product's pages, the Connect UI
// embedded elsewhere), as they call Nango's: every answer allows any origin and exposes the headers a client
// reads; a preflight names the headers Nango's clients send. @fastify/cors applies this to Fastify's routes
// (build-http-app.ts); the front door (front-door.ts) puts the same headers on its answers. The lists are
// header values already joined: @fastify/cors joins an array on every response.
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Accept', 'Origin', 'X-Requested-With', 'Nango-Activity-Log-Id', 'Nango-Is-Dry-Run', 'Nango-Is-Sync', 'Provider-Config-Key', 'Connection-Id', 'Sentry-Trace', 'Baggage', 'X-Async', 'X-Max-Retries'].join(', ');
export const CORS_EXPOSED_HEADERS = ['Authorization', 'Etag', 'Content-Type', 'Content-Length', 'X-Nango-Signature', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'].join(', ');
/** Seconds a browser may keep a preflight's answer. */
export const CORS_MAX_AGE_S = 600;

/** What @fastify/cors, with any origin allowed, puts on an answer that is not a preflight's. */
export const CORS_RESPONSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'access-control-allow-origin': '*', 'access-control-expose-headers': CORS_EXPOSED_HEADERS });
