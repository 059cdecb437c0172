// The frontend SDK's popup protocol: connection_ack at once, then the result pushed by /oauth/callback —
// also when the callback is served by another terapi process on the same database.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { request, WebSocket } from 'undici';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../providers/salesforce/testing/terapi-with-salesforce-sim.js';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';

function openSocket(url: string): Promise<{ ws: WebSocket; messages: Array<Record<string, unknown>>; next(): Promise<Record<string, unknown>> }> {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/');
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<(m: Record<string, unknown>) => void> = [];
  ws.addEventListener('message', (e) => {
    const m = JSON.parse(String(e.data)) as Record<string, unknown>;
    const w = waiters.shift();
    if (w) w(m);
    else messages.push(m);
  });
  return new Promise((resolve, reject) => {
    ws.addEventListener('open', () => resolve({ ws, messages, next: () => (messages.length ? Promise.resolve(messages.shift()!) : new Promise((r) => waiters.push(r))) }));
    ws.addEventListener('error', () => reject(new Error('websocket error')));
  });
}

describe('the OAuth WebSocket handshake', () => {
  let env: TerapiWithSim;
  let other: TestTerapi;
  before(async () => {
    env = await startTerapiWithSalesforceSim();
    other = await startTestTerapi({ database: { url: env.t.databaseUrl, encryptionKey: env.t.encryptionKey }, env: { TERAPI_UPSTREAM_MAP: env.sim.upstreamMap } });
    const app = env.sim.summary().orgs[0]!.apps[0]!;
    await env.t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'salesforce', credentials: { type: 'OAUTH2', client_id: app.clientId, client_secret: app.clientSecret } } });
  });
  after(async () => {
    await other?.close();
    await env?.close();
  });

  test('ack, then success pushed from a callback served by another process', async () => {
    const socket = await openSocket(env.t.url);
    const ack = await socket.next();
    assert.equal(ack.message_type, 'connection_ack');
    assert.match(String(ack.ws_client_id), /^[0-9a-f-]{36}$/);
    const s = await env.t.api('/connect/sessions', { method: 'POST', json: { end_user: { id: 'ws-user' } } });
    const token = ((await s.json()) as { data: { token: string } }).data.token;
    const start = await fetch(`${env.t.url}/oauth/connect/salesforce?connect_session_token=${token}&ws_client_id=${ack.ws_client_id}`, { redirect: 'manual' });
    const authorize = await request(start.headers.get('location')!, { headers: { host: 'login.salesforce.com' } });
    await authorize.body.dump();
    const callback = new URL(String(authorize.headers.location));
    // Cookies are per host, not per port (RFC 6265 §8.5): the browser sends the binding to the other process too.
    const res = await fetch(`${other.url}${callback.pathname}${callback.search}`, { headers: { cookie: start.headers.get('set-cookie')!.split(';')[0]! } });
    assert.equal(res.status, 200);
    const result = await socket.next();
    assert.equal(result.message_type, 'success');
    assert.equal(result.provider_config_key, 'salesforce');
    assert.match(String(result.connection_id), /^[0-9a-f-]{36}$/);
    socket.ws.close();
  });
  test('an upgrade to any other path is answered 404 with the error envelope, its socket closed, no route reached', async () => {
    const url = new URL(env.t.url);
    for (const path of ['/proxy/services/data/v60.0/limits', '/health', '/nowhere?x=1']) {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname);
        let text = '';
        socket.on('data', (d) => (text += d));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
        socket.write(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nAuthorization: Bearer ${env.t.devSecretKey}\r\n\r\n`);
      });
      const [head, body] = answer.split('\r\n\r\n');
      assert.match(head!, /^HTTP\/1\.1 404 /, path);
      assert.match(head!, /connection: close/i);
      const parsed = JSON.parse(body!) as { error: { code: string; message: string } };
      assert.equal(parsed.error.code, 'route_not_found');
      assert.match(parsed.error.message, new RegExp(`GET ${path.split('?')[0]}`));
    }
    // The WebSocket at / still opens after them.
    const socket = await openSocket(env.t.url);
    assert.equal((await socket.next()).message_type, 'connection_ack');
    socket.ws.close();
  });
});
