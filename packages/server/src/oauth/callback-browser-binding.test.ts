// Attacks on the OAuth callback from a browser that did not start the flow (issue 9 point 4): a callback URL
// (code and state) replayed without cookies, with another flow's cookie, or with a forged cookie shows the
// error page, creates no connection and burns the state; the browser that started the flow still finishes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { request, WebSocket } from 'undici';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../providers/salesforce/testing/terapi-with-salesforce-sim.js';
import { startTestTerapi } from '../testing/test-terapi.js';

async function openSocket(url: string): Promise<{ ws: WebSocket; next(): Promise<Record<string, unknown>> }> {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/');
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<(m: Record<string, unknown>) => void> = [];
  ws.addEventListener('message', (e) => {
    const m = JSON.parse(String(e.data)) as Record<string, unknown>;
    const w = waiters.shift();
    if (w) w(m);
    else messages.push(m);
  });
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve);
    ws.addEventListener('error', () => reject(new Error('websocket error')));
  });
  return { ws, next: () => (messages.length ? Promise.resolve(messages.shift()!) : new Promise((r) => waiters.push(r))) };
}

describe('the OAuth callback completes only in the browser that started the flow', () => {
  let env: TerapiWithSim;
  const count = async (table: string, where = 'true', params: unknown[] = []) => {
    const c = new pg.Client({ connectionString: env.t.databaseUrl });
    await c.connect();
    const { rows } = await c.query(`select count(*)::int as n from ${table} where ${where}`, params);
    await c.end();
    return rows[0].n as number;
  };
  /** A flow started by "the victim's browser": its binding cookie and the callback URL the provider sends back. */
  const startFlow = async (wsClientId?: string) => {
    const s = await env.t.api('/connect/sessions', { method: 'POST', json: { end_user: { id: 'victim' }, allowed_integrations: ['salesforce'] } });
    const token = ((await s.json()) as { data: { token: string } }).data.token;
    const start = await fetch(`${env.t.url}/oauth/connect/salesforce?connect_session_token=${token}${wsClientId ? `&ws_client_id=${wsClientId}` : ''}`, { redirect: 'manual' });
    assert.equal(start.status, 302);
    const setCookie = start.headers.get('set-cookie')!;
    const authorize = await request(start.headers.get('location')!, { headers: { host: 'login.salesforce.com' } });
    await authorize.body.dump();
    const callbackUrl = String(authorize.headers.location);
    return { setCookie, cookie: setCookie.split(';')[0]!, callbackUrl, state: new URL(callbackUrl).searchParams.get('state')! };
  };
  const expectRefused = async (res: Response) => {
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    const html = await res.text();
    assert.match(html, /nango_oauth_callback_error/);
    assert.match(html, /state_cookie_err/);
  };

  before(async () => {
    env = await startTerapiWithSalesforceSim();
    const app = env.sim.summary().orgs[0]!.apps[0]!;
    await env.t.api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'salesforce', credentials: { type: 'OAUTH2', client_id: app.clientId, client_secret: app.clientSecret } } });
  });
  after(() => env?.close());

  test('/oauth/connect binds the state with an HttpOnly, SameSite=Lax cookie limited to /oauth, not Secure on http', async () => {
    const { setCookie, state } = await startFlow();
    const [pair, ...attributes] = setCookie.split(';').map((p) => p.trim());
    assert.match(pair!, new RegExp(`^oauth2-${state}=[A-Za-z0-9_-]{43}$`));
    assert.deepEqual(attributes.sort(), ['HttpOnly', 'Max-Age=900', 'Path=/oauth', 'SameSite=Lax']);
  });

  test('a callback replayed without cookies shows the error page, creates nothing, and the state cannot be finished afterwards', async () => {
    const flow = await startFlow();
    const before = await count('connections');
    await expectRefused(await fetch(flow.callbackUrl));
    assert.equal(await count('connections'), before);
    assert.equal(await count('oauth_sessions', 'state = $1', [flow.state]), 0, 'the state is burned, not left for the holder of the cookie');
    const late = await fetch(flow.callbackUrl, { headers: { cookie: flow.cookie } });
    assert.equal(late.status, 400);
    assert.match(await late.text(), /state_err/);
    assert.equal(await count('connections'), before);
  });

  test("a callback with another flow's cookie, or a cookie forged from the state, creates nothing", async () => {
    const mine = await startFlow();
    const victim = await startFlow();
    const victimValue = victim.cookie.split('=')[1]!;
    const before = await count('connections');
    await expectRefused(await fetch(victim.callbackUrl, { headers: { cookie: mine.cookie } }));

    const forged = await startFlow();
    await expectRefused(await fetch(forged.callbackUrl, { headers: { cookie: `oauth2-${forged.state}=1` } }));
    const swapped = await startFlow();
    await expectRefused(await fetch(swapped.callbackUrl, { headers: { cookie: `oauth2-${swapped.state}=${victimValue}` } }));
    assert.equal(await count('connections'), before);
    // The attacker's own flow, finished from the attacker's browser, still works: only the binding decides.
    const own = await fetch(mine.callbackUrl, { headers: { cookie: mine.cookie } });
    assert.equal(own.status, 200);
    assert.equal(await count('connections'), before + 1);
  });

  test('the WebSocket of the flow hears state_cookie_err, so the popup does not wait forever', async () => {
    const socket = await openSocket(env.t.url);
    const ack = await socket.next();
    const flow = await startFlow(String(ack.ws_client_id));
    await expectRefused(await fetch(flow.callbackUrl));
    const result = await socket.next();
    assert.equal(result.message_type, 'error');
    assert.equal(result.error_type, 'state_cookie_err');
    socket.ws.close();
  });

  test('the browser that started the flow finishes it, and the callback removes the cookie', async () => {
    const flow = await startFlow();
    const before = await count('connections');
    const res = await fetch(flow.callbackUrl, { headers: { cookie: `other=1; ${flow.cookie}; more=2` } });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /nango_oauth_callback_success/);
    assert.equal(res.headers.get('set-cookie'), `oauth2-${flow.state}=; Path=/oauth; Max-Age=0; HttpOnly; SameSite=Lax`);
    assert.equal(await count('connections'), before + 1);
  });

  test('with an https TERAPI_SERVER_URL the cookie is Secure', async () => {
    const t = await startTestTerapi({ env: { TERAPI_SERVER_URL: 'https://terapi.example.com' } });
    const app = t.app!;
    try {
      const auth = { authorization: `Bearer ${t.devSecretKey}` };
      const created = await app.inject({ method: 'POST', url: '/integrations', headers: auth, payload: { provider: 'salesforce', unique_key: 'salesforce', credentials: { type: 'OAUTH2', client_id: 'cid', client_secret: 'secret' } } });
      assert.equal(created.statusCode, 200);
      const session = await app.inject({ method: 'POST', url: '/connect/sessions', headers: auth, payload: { end_user: { id: 'u' } } });
      const token = (session.json() as { data: { token: string } }).data.token;
      const start = await app.inject({ method: 'GET', url: `/oauth/connect/salesforce?connect_session_token=${token}` });
      assert.equal(start.statusCode, 302);
      const attributes = String(start.headers['set-cookie']).split(';').slice(1).map((p) => p.trim());
      assert.deepEqual(attributes.sort(), ['HttpOnly', 'Max-Age=900', 'Path=/oauth', 'SameSite=Lax', 'Secure']);
    } finally {
      await t.close();
    }
  });
});
