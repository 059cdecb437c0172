// Issue 6 §7 actions end to end: the pre-built Salesforce actions against the simulator, synchronous and
// asynchronous, through plain HTTP and through @nangohq/node; every error of nango-api.md §10.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { Nango } from '@nangohq/node';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../../providers/salesforce/testing/terapi-with-salesforce-sim.js';
import { connectSalesforce } from '../../providers/salesforce/testing/connect-salesforce.js';
import { deployFolder, PREBUILT_FUNCTIONS_DIR } from '../../functions/testing/deploy-folder.js';
import { writeFunctionsFolder } from '../../functions/testing/function-fixtures.js';
import { waitUntil } from '../../testing/wait-until.js';

const FIXTURES = 'sf-fixtures';
const fixture = (name: string, body: string) => ({
  integration: FIXTURES,
  kind: 'action' as const,
  name,
  source: `import { createAction, ActionError } from 'terapi';\nimport * as z from 'zod';\nexport default createAction({ description: '${name}', input: z.any(), output: z.any(), exec: async (nango, input) => { ${body} } });\n`,
});

describe('actions', () => {
  let env: TerapiWithSim;
  let connectionId: string;
  let fixturesConnectionId: string;
  let nango: Nango;
  let hooks: Server;
  const received: Record<string, unknown>[] = [];
  const trigger = (key: string, conn: string, body: unknown, headers: Record<string, string> = {}) =>
    env.t.api('/action/trigger', { method: 'POST', json: body, headers: { 'connection-id': conn, 'provider-config-key': key, ...headers } });

  before(async () => {
    env = await startTerapiWithSalesforceSim();
    ({ connectionId } = await connectSalesforce(env.t, env.sim));
    ({ connectionId: fixturesConnectionId } = await connectSalesforce(env.t, env.sim, { provider: 'salesforce', integrationKey: FIXTURES, endUserId: 'user-2' }));
    await deployFolder(env.t, PREBUILT_FUNCTIONS_DIR);
    const folder = writeFunctionsFolder([
      fixture('refuses', `throw new ActionError({ message: 'account is locked', accountId: input.id });`),
      fixture('string-output', `return 'just a string';`),
      fixture(
        'host-tour',
        `const c = await nango.getConnection();
        await nango.setMetadata({ seen: c.connection_id });
        await nango.updateMetadata({ more: 1 });
        const metadata = await nango.getMetadata();
        const override = await nango.get({ endpoint: '/services/data/', baseUrlOverride: 'https://evil.example.com' }).then(() => 'allowed', (e) => e.code);
        if ((await nango.getToken()) !== c.credentials.access_token) throw new Error('getToken differs');
        return { connectionId: c.connection_id, token: typeof c.credentials.access_token, refreshToken: c.credentials.refresh_token ?? null, metadata, override, helper: [nango.connectionId, nango.providerConfigKey] };`,
      ),
    ]);
    try {
      await deployFolder(env.t, folder.dir);
    } finally {
      folder.remove();
    }
    nango = new Nango({ secretKey: env.t.devSecretKey, host: env.t.url });
    hooks = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body) as Record<string, unknown>);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
  });
  after(async () => {
    await new Promise((r) => hooks?.close(r));
    await env?.close();
  });

  test('whoami through @nangohq/node triggerAction: the output is the whole body', async () => {
    const org = env.sim.summary().orgs.find((o) => !o.sandbox)!;
    const out = await nango.triggerAction('salesforce', connectionId, 'whoami');
    assert.deepEqual(out, { id: org.users[0]!.id, email: 'admin@acme.example', name: 'Ada Admin', username: 'admin@acme.example', organizationId: org.id });
  });

  test('soql-query follows nextRecordsUrl and returns every record', async () => {
    const org = env.sim.summary().orgs.find((o) => !o.sandbox)!;
    await env.sim.control.seed(org.id, 2_100);
    const out = (await nango.triggerAction('salesforce', connectionId, 'soql-query', { query: 'SELECT Id, Name FROM Account', maxRecords: 5_000 })) as { totalSize: number; done: boolean; records: { Id: string }[] };
    assert.equal(out.done, true);
    assert.equal(out.records.length, out.totalSize);
    assert.ok(out.totalSize >= 2_100, `totalSize ${out.totalSize}`);
    assert.equal(new Set(out.records.map((r) => r.Id)).size, out.records.length);
  });

  test('a bare string output stays JSON', async () => {
    const res = await trigger(FIXTURES, fixturesConnectionId, { action_name: 'string-output' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(await res.text(), '"just a string"');
  });

  test("the helper reaches its own connection only: credentials without refresh token, metadata, allowed hosts", async () => {
    const res = await trigger(FIXTURES, fixturesConnectionId, { action_name: 'host-tour' });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      connectionId: fixturesConnectionId,
      token: 'string',
      refreshToken: null,
      metadata: { seen: fixturesConnectionId, more: 1 },
      override: 'base_url_override_not_allowed',
      helper: [fixturesConnectionId, FIXTURES],
    });
    const conn = await env.t.api(`/connections/${fixturesConnectionId}?provider_config_key=${FIXTURES}`);
    assert.deepEqual(((await conn.json()) as { metadata: unknown }).metadata, { seen: fixturesConnectionId, more: 1 });
  });

  test("an expired Salesforce session inside an action is refreshed once and the call replayed", async () => {
    const org = env.sim.summary().orgs.find((o) => !o.sandbox)!;
    assert.ok((await env.sim.control.expireTokens({ orgId: org.id })) > 0);
    const seen = (await env.sim.control.requestLog()).requests.length;
    const out = (await nango.triggerAction('salesforce', connectionId, 'soql-query', { query: 'SELECT Id FROM User' })) as { records: { Id: string }[] };
    assert.ok(out.records.some((r) => r.Id === org.users[0]!.id));
    const during = (await env.sim.control.requestLog()).requests.slice(seen);
    assert.equal(during.filter((r) => r.endpoint === 'oauth2.token:refresh_token').length, 1, 'refreshed once');
    const queries = during.filter((r) => r.endpoint === 'rest.query').map((r) => r.status);
    assert.deepEqual(queries, [401, 200], 'the query answered 401 with the expired session, then was replayed once with the new one');
  });

  test('errors are those of nango-api.md §10', async () => {
    const unknownConnection = await trigger('salesforce', 'nope', { action_name: 'whoami' });
    assert.equal(unknownConnection.status, 400);
    assert.deepEqual(await unknownConnection.json(), { error: { code: 'unknown_connection', message: 'Provided ConnectionId and ProviderConfigKey does not match a valid connection' } });

    const missing = await trigger('salesforce', connectionId, { action_name: 'no-such-action' });
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'not_found');

    const badInput = await trigger('salesforce', connectionId, { action_name: 'soql-query', input: { query: 42 } });
    assert.equal(badInput.status, 400);
    assert.deepEqual(await badInput.json(), {
      error: {
        code: 'invalid_action_input',
        message: 'The action input is invalid (query: Invalid input: expected string, received number).',
        errors: [{ code: 'invalid_type', message: 'Invalid input: expected string, received number', path: ['query'] }],
      },
    });

    const http = await trigger('salesforce', connectionId, { action_name: 'soql-query', input: { query: 'SELEKT nothing' } });
    assert.equal(http.status, 424);
    const httpBody = (await http.json()) as { error: { code: string; payload: { errorCode: string }[]; upstream: { status: number }; message?: string } };
    assert.equal(httpBody.error.code, 'script_http_error');
    assert.equal(httpBody.error.message, undefined);
    assert.equal(httpBody.error.upstream.status, 400);
    assert.equal(httpBody.error.payload[0]?.errorCode, 'MALFORMED_QUERY');

    const refused = await trigger(FIXTURES, fixturesConnectionId, { action_name: 'refuses', input: { id: '001x' } });
    assert.equal(refused.status, 500);
    assert.deepEqual(await refused.json(), {
      error: { code: 'action_script_failure', message: 'The action script failed with an error: account is locked', payload: { message: 'account is locked', accountId: '001x' } },
    });

    const noAuth = await env.t.api('/action/trigger', { method: 'POST', json: { action_name: 'whoami' }, headers: { authorization: '', 'connection-id': connectionId, 'provider-config-key': 'salesforce' } });
    assert.equal(noAuth.status, 401);
  });

  test('async: 202 with Location and a relative statusUrl, 404 while pending, then the output; a webhook on completion', async () => {
    const hookUrl = `http://127.0.0.1:${(hooks.address() as { port: number }).port}/hooks`;
    const put = await env.t.api('/environment/webhook', { method: 'PUT', json: { primary_url: hookUrl, on_async_action_completion: true } });
    assert.equal(put.status, 200);

    const res = await trigger('salesforce', connectionId, { action_name: 'whoami' }, { 'x-async': 'true' });
    assert.equal(res.status, 202);
    const body = (await res.json()) as { id: string; statusUrl: string };
    assert.match(body.id, /^[0-9a-f-]{36}$/);
    assert.equal(body.statusUrl, `/action/${body.id}`);
    assert.equal(res.headers.get('location'), `/action/${body.id}`);

    const unknown = await env.t.api(`/action/${crypto.randomUUID()}`);
    assert.equal(unknown.status, 404);
    const badId = await env.t.api('/action/not-a-uuid');
    assert.equal(badId.status, 400);
    assert.equal(((await badId.json()) as { error: { code: string } }).error.code, 'invalid_uri_params');

    const result: unknown = await waitUntil('the async action result', async () => {
      const r = await env.t.api(body.statusUrl);
      if (r.status === 404) {
        assert.deepEqual(await r.json(), { error: { code: 'not_found', message: `No action '${body.id}' found` } });
        return undefined;
      }
      assert.equal(r.status, 200);
      return (await r.json()) as unknown;
    });
    const org = env.sim.summary().orgs.find((o) => !o.sandbox)!;
    assert.equal((result as { organizationId: string }).organizationId, org.id);

    await waitUntil('the async_action webhook', () => received.some((w) => w.type === 'async_action'));
    assert.deepEqual(
      received.find((w) => w.type === 'async_action'),
      { from: 'nango', type: 'async_action', connectionId, providerConfigKey: 'salesforce', payload: { id: body.id, statusUrl: body.statusUrl } },
    );
  });

  test('async through @nangohq/node: triggerActionAsync and getAsyncActionResult; a failure retried X-Max-Retries times', async () => {
    const started = await nango.triggerActionAsync('salesforce', connectionId, 'soql-query', { query: 'SELECT Id FROM Contact LIMIT 3' });
    assert.equal(started.statusUrl, `/action/${started.id}`);
    const out: unknown = await waitUntil('the async action result through @nangohq/node', async () => {
      try {
        return (await nango.getAsyncActionResult({ id: started.id })) as unknown;
      } catch (err) {
        assert.equal((err as { response?: { status?: number } }).response?.status, 404);
        return undefined;
      }
    });
    assert.equal((out as { records: unknown[] }).records.length, 3);

    const queued = await trigger(FIXTURES, fixturesConnectionId, { action_name: 'refuses', input: { id: '001y' } }, { 'x-async': 'true', 'x-max-retries': '1' });
    assert.equal(queued.status, 202);
    const failing = (await queued.json()) as { id: string; statusUrl: string };
    {
      const r = await waitUntil('the failed async action', async () => {
        const res = await env.t.api(failing.statusUrl);
        if (res.status !== 404) return res;
        await res.text();
        return undefined;
      });
      assert.equal(r.status, 500);
      assert.deepEqual(await r.json(), {
        error: { code: 'action_script_failure', message: 'The action script failed with an error: account is locked', payload: { message: 'account is locked', accountId: '001y' } },
      });
    }
    const { rows } = await env.t.services.db.query<{ attempts: number; status: string }>('select attempts, status from action_runs where id = $1', [failing.id]);
    assert.deepEqual({ ...rows[0] }, { attempts: 2, status: 'failed' }, 'X-Max-Retries: 1 gives one retry');
  });
});
