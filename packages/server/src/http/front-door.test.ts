// The front door (front-door.ts) on a real Node server on loopback, with the real authentication of a terapi's
// database: which requests it takes and which it passes to Fastify, and that its answers follow the rules
// Fastify's routes follow (503 until ready and once closing, the declared authentication, CORS headers, the one
// error body, `connection: close` when the body was not read, a 5xx logged with its request id).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { TerapiError } from '../errors/terapi-error.js';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';
import { CORS_RESPONSE_HEADERS } from './cors-policy.js';
import { FrontDoor, type FrontRoute } from './front-door.js';
import { DASHBOARD_SESSION, PUBLIC, SECRET } from './route-contract.js';

let t: TestTerapi;
let server: Server;
let base: string;
let ready = true;
let behaviour: 'answer' | 'throw-terapi' | 'throw-bug' | 'fail-after-answer' = 'answer';
const logLines: Array<Record<string, unknown>> = [];
let door: FrontDoor;
/** What the door logs, one parsed line each. */
const logger = pino(
  { level: 'info' },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  }),
);
const route: FrontRoute = {
  contract: { method: 'ALL', url: '/held/*', auth: SECRET, summary: 'test', tag: 'Test' },
  async handle(req, res, caller, headers) {
    if (behaviour === 'throw-terapi') throw new TerapiError('unknown_connection');
    if (behaviour === 'throw-bug') throw new Error('a bug with a secret-looking text');
    res.writeHead(200, { ...headers, 'content-type': 'application/json' });
    if (behaviour === 'fail-after-answer') {
      res.write('{"partial":');
      throw new Error('failed while streaming');
    }
    res.end(JSON.stringify({ environment: caller.environment.name, url: req.url, method: req.method }));
  },
};

before(async () => {
  t = await startTestTerapi();
  door = new FrontDoor({ logger, isReady: () => ready, auth: t.services });
  door.add(route);
  server = createServer((req, res) => {
    if (door.serve(req, res)) return;
    res.writeHead(299, { 'content-type': 'text/plain' }).end('fastify');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
});

const key = () => ({ authorization: `Bearer ${t.devSecretKey}` });

test('the door takes its prefix, its subpaths and its query; other paths and OPTIONS go to Fastify', async () => {
  for (const path of ['/held', '/held/', '/held/a/b?q=1', '/held?x=1']) {
    const res = await fetch(`${base}${path}`, { headers: key() });
    assert.equal(res.status, 200, path);
    const body = (await res.json()) as { environment: string; url: string; method: string };
    assert.deepEqual(body, { environment: 'dev', url: path, method: 'GET' });
    for (const [name, value] of Object.entries(CORS_RESPONSE_HEADERS)) assert.equal(res.headers.get(name), value, `${path} ${name}`);
  }
  for (const [path, method] of [['/heldx', 'GET'], ['/other', 'GET'], ['/', 'GET'], ['/held/a', 'OPTIONS']] as const) {
    const res = await fetch(`${base}${path}`, { method, headers: key() });
    assert.equal(res.status, 299, `${method} ${path}`);
    assert.equal(await res.text(), 'fastify');
  }
});

test('authentication as the route declares it: the registry error body, with CORS headers', async () => {
  const missing = await fetch(`${base}/held/x`);
  assert.equal(missing.status, 401);
  assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'missing_auth_header');
  assert.equal(missing.headers.get('access-control-allow-origin'), '*');
  const unknown = await fetch(`${base}/held/x`, { headers: { authorization: 'Bearer 2b0d5c8e-3a1f-4c55-9d7e-0f1e2d3c4b5a' } });
  assert.equal(unknown.status, 401);
  assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'unknown_account');
});

test('a refused request whose body was not read closes its connection', async () => {
  // A body announced and never sent: the answer cannot wait for it.
  const answer = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
    const req = httpRequest(`${base}/held/x`, { method: 'POST', headers: { 'content-length': '1000000', 'content-type': 'application/json' } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode!, connection: res.headers.connection });
    });
    req.on('error', reject);
    req.write('{"a":');
  });
  assert.equal(answer.status, 401);
  assert.equal(answer.connection, 'close');
});

test('503 not_ready until the process is ready, and once the door closes', async () => {
  ready = false;
  try {
    const res = await fetch(`${base}/held/x`, { headers: key() });
    assert.equal(res.status, 503);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_ready');
  } finally {
    ready = true;
  }
  const closing = new FrontDoor({ logger: pino({ level: 'silent' }), isReady: () => true, auth: t.services });
  closing.add(route);
  closing.close();
  const s = createServer((req, res) => void closing.serve(req, res));
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(s.address() as { port: number }).port}/held/x`, { headers: key() });
    assert.equal(res.status, 503);
    await res.arrayBuffer();
  } finally {
    await new Promise((resolve) => s.close(resolve));
  }
});

test("a handler's error before its answer is answered with the error body; an unexpected one as server_error, logged with the request id", async () => {
  behaviour = 'throw-terapi';
  try {
    const res = await fetch(`${base}/held/x`, { headers: key() });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unknown_connection');
    assert.equal(res.headers.get('access-control-expose-headers'), CORS_RESPONSE_HEADERS['access-control-expose-headers']);
    behaviour = 'throw-bug';
    const bug = await fetch(`${base}/held/x`, { headers: key() });
    assert.equal(bug.status, 500);
    const body = (await bug.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'server_error');
    assert.doesNotMatch(body.error.message, /secret-looking/);
    const id = /([0-9a-f-]{36})/.exec(body.error.message)?.[1];
    assert.ok(id, body.error.message);
    const line = logLines.find((l) => l.reqId === id);
    assert.ok(line, 'the 5xx is logged with its request id');
    assert.equal(line.level, 50);
  } finally {
    behaviour = 'answer';
  }
});

test('an error after the answer began destroys the response instead of writing a second one', async () => {
  behaviour = 'fail-after-answer';
  try {
    const res = await fetch(`${base}/held/x`, { headers: key() });
    assert.equal(res.status, 200);
    await assert.rejects(res.text());
  } finally {
    behaviour = 'answer';
  }
  // The server still answers.
  const res = await fetch(`${base}/held/x`, { headers: key() });
  assert.equal(res.status, 200);
  await res.arrayBuffer();
});

test('a route whose scheme names no caller cannot be held: public, or the dashboard session alone', () => {
  for (const auth of [PUBLIC, DASHBOARD_SESSION]) {
    assert.throws(() => door.add({ ...route, contract: { ...route.contract, url: '/other/*', auth } }), /must declare a scheme that names a caller/);
  }
});
