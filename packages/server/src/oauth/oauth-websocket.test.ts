// The frontend SDK's popup protocol: connection_ack at once, then the result pushed by /oauth/callback —
// also when the callback is served by another terapi process on the same database.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
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
});
