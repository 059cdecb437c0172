// Issue 10 point 6: a route's declared schemas are checked in one place, before its handler, in the order
// params, query, headers, body; the first that fails answers what the handlers' own validate() calls
// answered, and the handler receives the parsed values. Served by the real HTTP app on loopback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { z } from 'zod';
import { errorBody } from '../errors/error-body.js';
import { TerapiError } from '../errors/terapi-error.js';
import { buildHttpApp } from './build-http-app.js';
import { declareRoute, PUBLIC } from './route-contract.js';
import { validate, type ValidationKind } from './validate.js';

const params = z.object({ n: z.string().regex(/^\d+$/) });
const query = z.object({ q: z.coerce.number().int().optional() }).strict();
const headers = z.object({ 'x-kind': z.enum(['a', 'b']) });
const body = z.object({ name: z.string().min(1) }).strict();

/** The answer validate() gives for a value, as a handler calling it answered before the schemas moved. */
function expected(schema: z.ZodType, value: unknown, kind: ValidationKind): { status: number; body: unknown } {
  try {
    validate(schema, value, kind);
  } catch (err) {
    assert.ok(err instanceof TerapiError);
    return { status: err.status, body: errorBody(err) };
  }
  assert.fail('the value was meant to be refused');
}

describe('declared route input', () => {
  let app: FastifyInstance;
  let url: string;
  let handled = 0;

  before(async () => {
    app = await buildHttpApp({ logger: pino({ level: 'silent' }), isReady: () => true, serverUrl: 'http://127.0.0.1' });
    declareRoute(app, { method: 'POST', url: '/probe/:n', auth: PUBLIC, summary: 'probe', tag: 'Test', params, query, headers, body }, async (_req, _reply, input) => {
      handled += 1;
      // Typed from the schemas: q is a number, kind is 'a' | 'b'.
      const q: number | undefined = input.query.q;
      const kind: 'a' | 'b' = input.headers['x-kind'];
      return { n: input.params.n, q, qType: typeof q, kind, name: input.body.name };
    });
    declareRoute(app, { method: 'POST', url: '/loose', auth: PUBLIC, summary: 'loose', tag: 'Test' }, async (_req, _reply, input) => ({ query: input.query, body: input.body }));
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await app?.close();
  });

  const post = async (path: string, json: unknown, extra: Record<string, string> = {}) => {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...extra }, body: JSON.stringify(json), signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  test('the first part that fails answers as validate() does, in the order params, query, headers, body, before the handler runs', async () => {
    assert.deepEqual(await post('/probe/x?bogus=1', {}), expected(params, { n: 'x' }, 'invalid_uri_params'));
    assert.deepEqual(await post('/probe/1?bogus=1', {}), expected(query, { bogus: '1' }, 'invalid_query_params'));
    assert.deepEqual(await post('/probe/1?q=2', {}, { 'x-kind': 'c' }), expected(headers, { 'x-kind': 'c' }, 'invalid_headers'));
    assert.deepEqual(await post('/probe/1?q=2', { name: '' }, { 'x-kind': 'a' }), expected(body, { name: '' }, 'invalid_body'));
    assert.deepEqual(await post('/probe/1?q=2', { name: 'n', extra: true }, { 'x-kind': 'a' }), expected(body, { name: 'n', extra: true }, 'invalid_body'));
    assert.equal(handled, 0, 'no refused request reached the handler');
  });

  test('the handler receives what the schemas parsed', async () => {
    assert.deepEqual(await post('/probe/7?q=2', { name: 'n' }, { 'x-kind': 'b' }), { status: 200, body: { n: '7', q: 2, qType: 'number', kind: 'b', name: 'n' } });
    assert.equal(handled, 1);
  });

  test('a part a route does not declare reaches its handler as sent', async () => {
    assert.deepEqual(await post('/loose?a=1&b[c]=2', [1, 'x']), { status: 200, body: { query: { a: '1', b: { c: '2' } }, body: [1, 'x'] } });
  });
});
