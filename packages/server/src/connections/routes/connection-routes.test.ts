import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../../providers/salesforce/testing/terapi-with-salesforce-sim.js';
import { connectSalesforce } from '../../providers/salesforce/testing/connect-salesforce.js';

type ErrorBody = { error: { code: string; message: string } };

describe('/connections', () => {
  let env: TerapiWithSim;
  let a: string;
  let b: string;
  before(async () => {
    env = await startTerapiWithSalesforceSim();
    a = (await connectSalesforce(env.t, env.sim, { endUserId: 'alice' })).connectionId;
    b = (await connectSalesforce(env.t, env.sim, { endUserId: 'bob' })).connectionId;
  });
  after(() => env?.close());

  test('list with filters', async () => {
    const all = (await (await env.t.api('/connections')).json()) as { connections: { connection_id: string; end_user: { id: string }; created: string; errors: unknown[] }[] };
    assert.deepEqual(all.connections.map((c) => c.connection_id), [b, a], 'newest first');
    assert.match(all.connections[0]!.created, /\+00:00$/);
    assert.deepEqual(all.connections[0]!.errors, []);
    const alice = (await (await env.t.api('/connections?endUserId=alice')).json()) as { connections: { connection_id: string }[] };
    assert.deepEqual(alice.connections.map((c) => c.connection_id), [a]);
    const byTag = (await (await env.t.api('/connections?tags[end_user_id]=bob')).json()) as { connections: { connection_id: string }[] };
    assert.deepEqual(byTag.connections.map((c) => c.connection_id), [b]);
    const byId = (await (await env.t.api(`/connections?connectionId=${a}&integrationId=salesforce`)).json()) as { connections: unknown[] };
    assert.equal(byId.connections.length, 1);
    const paged = (await (await env.t.api('/connections?limit=1&page=1')).json()) as { connections: { connection_id: string }[] };
    assert.deepEqual(paged.connections.map((c) => c.connection_id), [a]);
    assert.equal((await env.t.api('/connections?limit=0')).status, 400);
    assert.equal((await env.t.api('/connections?nope=1')).status, 400);
  });

  test('get: documented errors for unknown integration and connection, strict query', async () => {
    const noIntegration = await env.t.api(`/connections/${a}?provider_config_key=nope`);
    assert.equal(noIntegration.status, 400);
    assert.deepEqual(await noIntegration.json(), { error: { code: 'unknown_provider_config', message: 'Provider does not exists' } });
    const noConnection = await env.t.api('/connections/missing?provider_config_key=salesforce');
    assert.equal(noConnection.status, 404);
    assert.deepEqual(await noConnection.json(), { error: { code: 'not_found', message: 'Failed to find connection' } });
    assert.equal((await env.t.api(`/connections/${a}`)).status, 400, 'provider_config_key is required');
    assert.equal((await env.t.api(`/connections/${a}?provider_config_key=salesforce&extra=1`)).status, 400);
  });

  test('patch end user and tags; metadata set and merge; all-or-nothing on a missing id', async () => {
    const patched = await env.t.api(`/connections/${a}?provider_config_key=salesforce`, { method: 'PATCH', json: { tags: { Plan: 'pro' }, end_user: { id: 'alice', email: 'alice@example.com' } } });
    assert.deepEqual(await patched.json(), { success: true });
    const got = (await (await env.t.api(`/connections/${a}?provider_config_key=salesforce`)).json()) as { tags: Record<string, string>; end_user: { email: string } };
    assert.deepEqual(got.tags, { plan: 'pro' });
    assert.equal(got.end_user.email, 'alice@example.com');
    assert.equal((await env.t.api(`/connections/${a}?provider_config_key=salesforce`, { method: 'PATCH', json: { nope: 1 } })).status, 400);

    const set = await env.t.api('/connections/metadata', { method: 'POST', json: { connection_id: [a, b], provider_config_key: 'salesforce', metadata: { x: 1 } } });
    assert.equal(set.status, 201);
    assert.deepEqual(await set.json(), { connection_id: [a, b], provider_config_key: 'salesforce', metadata: { x: 1 } });
    const merged = await env.t.api('/connections/metadata', { method: 'PATCH', json: { connection_id: a, provider_config_key: 'salesforce', metadata: { y: 2 } } });
    assert.equal(merged.status, 200);
    const missing = await env.t.api('/connections/metadata', { method: 'POST', json: { connection_id: [a, 'ghost'], provider_config_key: 'salesforce', metadata: { z: 3 } } });
    assert.equal(missing.status, 404);
    const body = (await missing.json()) as ErrorBody;
    assert.equal(body.error.code, 'unknown_connection');
    assert.match(body.error.message, /No actions were taken/);
    const meta = (await (await env.t.api(`/connections/${a}?provider_config_key=salesforce`)).json()) as { metadata: unknown };
    assert.deepEqual(meta.metadata, { x: 1, y: 2 }, 'the failed call changed nothing');
  });

  test('import existing credentials with POST /connections', async () => {
    const res = await env.t.api('/connections', {
      method: 'POST',
      json: { provider_config_key: 'salesforce', connection_id: 'imported', connection_config: { instance_url: 'https://acme.my.salesforce.com' }, credentials: { type: 'OAUTH2', access_token: 'tok', refresh_token: 'ref' }, tags: { source: 'import' } },
    });
    assert.equal(res.status, 201);
    const c = (await res.json()) as { connection_id: string; connection_config: Record<string, string>; credentials: Record<string, unknown>; tags: Record<string, string> };
    assert.equal(c.connection_id, 'imported');
    assert.equal(c.connection_config.instance_url, 'https://acme.my.salesforce.com');
    assert.equal(c.credentials.access_token, 'tok');
    assert.equal(c.credentials.refresh_token, undefined);
    assert.deepEqual(c.tags, { source: 'import' });
    assert.equal((await env.t.api('/connections', { method: 'POST', json: { provider_config_key: 'nope', credentials: { type: 'OAUTH2', access_token: 't' } } })).status, 404);
    assert.equal((await env.t.api('/connections', { method: 'POST', json: { provider_config_key: 'salesforce', credentials: { type: 'MAGIC' } } })).status, 400);
  });

  test('delete: unknown is 400 unknown_connection; a real one is removed', async () => {
    const unknown = await env.t.api('/connections/ghost?provider_config_key=salesforce', { method: 'DELETE' });
    assert.equal(unknown.status, 400);
    assert.equal(((await unknown.json()) as ErrorBody).error.code, 'unknown_connection');
    const res = await env.t.api(`/connections/${b}?provider_config_key=salesforce`, { method: 'DELETE' });
    assert.deepEqual(await res.json(), { success: true });
    assert.equal((await env.t.api(`/connections/${b}?provider_config_key=salesforce`)).status, 404);
  });
  test('get: a read records last_fetched_at; a burst of reads asks PostgreSQL to write it about once a second, not once per read', async () => {
    const { connectionId } = await connectSalesforce(env.t, env.sim, { endUserId: 'carol' });
    const read = async () => {
      const res = await env.t.api(`/connections/${connectionId}?provider_config_key=salesforce`);
      assert.equal(res.status, 200);
      return (await res.json()) as { last_fetched_at: string | null };
    };
    await read(); // learns the token's expiry
    const pool = env.t.services.db.pool;
    const query = pool.query.bind(pool);
    let touches = 0;
    pool.query = ((...args: Parameters<typeof pool.query>) => {
      if (typeof args[0] === 'string' && args[0].includes('set last_fetched_at = now()')) touches++;
      return (query as (...a: unknown[]) => unknown)(...args);
    }) as typeof pool.query;
    const reads = 20;
    const started = Date.now();
    try {
      await Promise.all(Array.from({ length: reads }, read));
    } finally {
      pool.query = query;
    }
    const elapsedSeconds = Math.ceil((Date.now() - started) / 1000);
    assert.ok(touches >= 0 && touches <= elapsedSeconds + 1 && touches < reads, `${touches} writes for ${reads} reads in ${elapsedSeconds} s`);
    const deadline = Date.now() + 10_000;
    let fetched = (await read()).last_fetched_at;
    while (!fetched && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      fetched = (await read()).last_fetched_at;
    }
    assert.match(fetched ?? '', /\+00:00$/, 'last_fetched_at is set');
  });
});
