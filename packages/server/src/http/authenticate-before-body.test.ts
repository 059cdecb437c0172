// issue 9 point 5, as the attack: 150 MB bodies streamed at every route that takes one, without a key, are
// answered 401 before most of the body is sent and the connection is closed; the server's memory does not
// grow by anything like the body. An authenticated body over its route's limit is a 413 the same way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';
import { DEFAULT_BODY_LIMIT } from './build-http-app.js';

const MB = 1024 * 1024;
const ATTACK_BYTES = 150 * MB;
let t: TestTerapi;

before(async () => {
  t = await startTestTerapi();
});
after(async () => {
  await t?.close();
});

interface Sent {
  status: number;
  body: string;
  /** Bytes the client handed to the socket before it was closed or the body was done. */
  sent: number;
}

/** Streams `total` bytes (one 64 KB chunk written again and again, never the whole body) until done or closed. */
function streamBody(method: string, path: string, headers: Record<string, string>, total: number, opts: { declareLength?: boolean } = {}): Promise<Sent> {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  return new Promise((resolve, reject) => {
    const req = http.request(`${t.url}${path}`, {
      method,
      agent: false,
      headers: { 'content-type': 'application/json', ...(opts.declareLength ? { 'content-length': String(total) } : { 'transfer-encoding': 'chunked' }), ...headers },
    });
    let sent = 0;
    let closed = false;
    let response: { status: number; body: string } | undefined;
    const finish = () => {
      if (response && closed) resolve({ ...response, sent });
    };
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        response = { status: res.statusCode ?? 0, body };
        finish();
      });
    });
    req.on('error', () => undefined);
    req.on('close', () => {
      closed = true;
      if (!response) reject(new Error(`${method} ${path}: closed without a response after ${sent} bytes`));
      finish();
    });
    void (async () => {
      while (sent < total && !closed && !req.destroyed) {
        const n = Math.min(chunk.length, total - sent);
        const more = req.write(n === chunk.length ? chunk : chunk.subarray(0, n));
        sent += n;
        if (!more) await drainedOrClosed(req);
      }
      if (!closed) req.end();
    })();
  });
}

function drainedOrClosed(req: http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off('drain', done);
      req.off('close', done);
      resolve();
    };
    req.on('drain', done);
    req.on('close', done);
  });
}

function codeOf(body: string): string {
  return (JSON.parse(body) as { error: { code: string } }).error.code;
}

/** Every served route that authenticates and may take a body, with its path parameters filled in. */
const bodyRoutes = () =>
  t.routes
    .list()
    .flatMap((r) => (r.contract && r.contract.auth.length > 0 && /^(POST|PUT|PATCH|DELETE|ALL)$/.test(r.method) ? [r.contract] : []))
    .map((c) => ({ method: c.method === 'ALL' ? 'POST' : c.method, path: c.url.replace(/:[A-Za-z]+/g, 'x').replace('*', 'x'), auth: c.auth }));

test('a 150 MB body without a key is answered 401 at every route that takes a body, before most of it is sent, and is never buffered', async (t2) => {
  const routes = bodyRoutes();
  assert.ok(routes.length >= 20, `found ${routes.length} routes`);
  assert.ok(routes.some((r) => r.path === '/proxy/x') && routes.some((r) => r.path === '/functions/deploy'));
  const before = process.memoryUsage();
  for (const [i, r] of routes.entries()) {
    const res = await streamBody(r.method, r.path, {}, ATTACK_BYTES, { declareLength: i % 2 === 0 });
    assert.equal(res.status, 401, `${r.method} ${r.path}: ${res.body}`);
    const expected = r.auth.includes('connectSessionTokenQuery') ? 'missing_public_key' : r.auth.includes('dashboardSession') ? 'dashboard_session_invalid' : 'missing_auth_header';
    assert.equal(codeOf(res.body), expected, `${r.method} ${r.path}`);
    assert.ok(res.sent < ATTACK_BYTES / 2, `${r.method} ${r.path}: the client sent ${(res.sent / MB).toFixed(1)} MB before the server closed`);
  }
  const afterAll = process.memoryUsage();
  const growth = { rss: (afterAll.rss - before.rss) / MB, arrayBuffers: (afterAll.arrayBuffers - before.arrayBuffers) / MB };
  t2.diagnostic(`${routes.length} routes; RSS growth ${growth.rss.toFixed(1)} MB, arrayBuffers ${growth.arrayBuffers.toFixed(1)} MB`);
  assert.ok(growth.rss < 50, `RSS grew by ${growth.rss.toFixed(1)} MB`);
  assert.ok(growth.arrayBuffers < 50, `arrayBuffers grew by ${growth.arrayBuffers.toFixed(1)} MB`);
});

test('a wrong key is refused the same way, before the body', async () => {
  for (const path of ['/connect/sessions', '/functions/deploy', '/proxy/x']) {
    const res = await streamBody('POST', path, { authorization: 'Bearer 6f1b8a1e-9c7d-4e2a-8b3c-1d2e3f4a5b6c' }, ATTACK_BYTES);
    assert.equal(res.status, 401, path);
    assert.equal(codeOf(res.body), 'unknown_account');
    assert.ok(res.sent < ATTACK_BYTES / 2, `${path}: sent ${(res.sent / MB).toFixed(1)} MB`);
  }
});

test('an authenticated body over its route limit answers 413 payload_too_large with the envelope, declared or streamed', async () => {
  const key = { authorization: `Bearer ${t.devSecretKey}` };
  const declared = await streamBody('POST', '/connect/sessions', key, ATTACK_BYTES, { declareLength: true });
  assert.equal(declared.status, 413);
  assert.deepEqual(JSON.parse(declared.body), { error: { code: 'payload_too_large', message: 'The request body is too large.' } });
  assert.ok(declared.sent < ATTACK_BYTES / 2);
  const streamed = await streamBody('POST', '/connections/metadata', key, ATTACK_BYTES);
  assert.equal(streamed.status, 413);
  assert.equal(codeOf(streamed.body), 'payload_too_large');
  assert.ok(streamed.sent < ATTACK_BYTES / 2);
  const justOver = await t.api('/connect/sessions', { method: 'POST', json: { end_user: { id: 'u' }, tags: { pad: 'x'.repeat(DEFAULT_BODY_LIMIT) } } });
  assert.equal(justOver.status, 413);
  assert.equal(((await justOver.json()) as { error: { code: string } }).error.code, 'payload_too_large');
});
