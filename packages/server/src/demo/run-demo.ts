// `terapi demo` (spec/operations.md): an offline end-to-end tour. Starts a Salesforce simulator and a terapi
// on a throwaway embedded PostgreSQL, creates a `salesforce` integration, connects an org through the real
// OAuth flow, deploys the pre-built Salesforce functions, syncs Accounts, prints records, calls the proxy,
// then changes an Account in the simulator, which sends terapi an Outbound Message (issue 13 point 7).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { startSalesforceSim } from '@terapi/salesforce-sim';
import { loadConfig } from '../config/config.js';
import { startTerapi } from '../server/start-terapi.js';
import { deployCommand } from '../cli/deploy-command.js';
import { headlessOAuth } from './headless-oauth.js';
import { freePort } from '../network/free-port.js';

export const PREBUILT_FUNCTIONS_DIR = fileURLToPath(new URL('../../src/providers/salesforce/functions/', import.meta.url));


export interface DemoIo {
  out(line: string): void;
}

export async function runDemo(io: DemoIo): Promise<void> {
  const step = (n: number, text: string) => io.out(`\n[${n}/8] ${text}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'terapi-demo-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  step(1, 'Starting a Salesforce simulator with 25 records per object');
  const sim = await startSalesforceSim({ port: 0, seed: 25, callbackUrls: [`${url}/oauth/callback`] });
  const org = sim.summary().orgs.find((o) => !o.sandbox)!;
  io.out(`      ${sim.origin} serves ${org.myDomain} (org ${org.id})`);
  let terapi: Awaited<ReturnType<typeof startTerapi>> | undefined;
  try {
    step(2, 'Starting terapi on a throwaway embedded PostgreSQL');
    const config = loadConfig({ TERAPI_PORT: String(port), TERAPI_SERVER_URL: url, TERAPI_DATA_DIR: dataDir, TERAPI_UPSTREAM_MAP: sim.upstreamMap, TERAPI_LOG_LEVEL: 'silent' });
    terapi = await startTerapi(config, { logger: pino({ level: 'silent' }), host: '127.0.0.1' });
    const key = terapi.devSecretKey;
    io.out(`      ${url} (secret key ${key})`);
    const api = async (path: string, init: { method?: string; json?: unknown; headers?: Record<string, string> } = {}) => {
      const res = await fetch(`${url}${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${key}`, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
        ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
      });
      const text = await res.text();
      const body = text ? (JSON.parse(text) as unknown) : null;
      if (res.status >= 400) throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
      return body as Record<string, unknown>;
    };

    step(3, 'Creating the `salesforce` integration with the simulator app\'s consumer key');
    const app = org.apps[0]!;
    await api('/integrations', { method: 'POST', json: { provider: 'salesforce', unique_key: 'salesforce', credentials: { type: 'OAUTH2', client_id: app.clientId, client_secret: app.clientSecret, scopes: 'api,refresh_token' } } });

    step(4, 'Connecting the org: connect session → /oauth/connect → Salesforce consent → /oauth/callback');
    const session = (await api('/connect/sessions', { method: 'POST', json: { end_user: { id: 'demo-user', email: 'demo@example.com' } } })) as { data: { token: string } };
    const journey = await headlessOAuth(`${url}/oauth/connect/salesforce?connect_session_token=${session.data.token}`, 'login.salesforce.com');
    if (journey.callbackStatus !== 200) throw new Error(`the OAuth callback failed: ${journey.callbackHtml.slice(0, 300)}`);
    const list = (await api('/connections?endUserId=demo-user')) as { connections: { connection_id: string }[] };
    const connectionId = list.connections[0]!.connection_id;
    const connection = (await api(`/connections/${connectionId}?provider_config_key=salesforce`)) as { connection_config: Record<string, string> };
    io.out(`      connection ${connectionId}: instance_url ${connection.connection_config.instance_url}, org ${connection.connection_config.org_id}`);

    step(5, 'Deploying the pre-built Salesforce functions');
    const code = await deployCommand(PREBUILT_FUNCTIONS_DIR, { env: { TERAPI_HOST: url, TERAPI_SECRET_KEY: key }, out: (l) => io.out(`      ${l}`), err: (l) => io.out(`      ${l}`) });
    if (code !== 0) throw new Error('deploy failed');

    step(6, 'Syncing Accounts and reading them from the records cache');
    await api('/sync/trigger', { method: 'POST', json: { syncs: ['accounts'], provider_config_key: 'salesforce', connection_id: connectionId } });
    let status: { status: string; recordCount?: Record<string, number> } | undefined;
    for (let i = 0; i < 600; i++) {
      const s = (await api(`/sync/status?syncs=accounts&provider_config_key=salesforce&connection_id=${connectionId}`)) as { syncs: Array<{ status: string; recordCount?: Record<string, number>; finishedAt?: string }> };
      status = s.syncs[0];
      if (status && status.status !== 'RUNNING' && (status as { finishedAt?: string }).finishedAt) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!status || status.status !== 'SUCCESS') throw new Error(`the sync ended as ${status?.status ?? 'unknown'}`);
    const model = Object.keys(status.recordCount ?? {})[0] ?? 'SalesforceAccount';
    const records = (await api(`/records?model=${model}&limit=3`, { headers: { 'connection-id': connectionId, 'provider-config-key': 'salesforce' } })) as { records: Array<Record<string, unknown>> };
    io.out(`      ${status.recordCount?.[model] ?? records.records.length} ${model} records synced; the first three:`);
    for (const r of records.records) io.out(`      - ${String(r.id)} ${String(r.name ?? r.Name ?? '')} (${(r._nango_metadata as { last_action: string }).last_action})`);

    step(7, 'Calling Salesforce through the proxy');
    const proxied = (await api(`/proxy/services/data/v60.0/query?q=${encodeURIComponent('SELECT COUNT() FROM Contact')}`, { headers: { 'connection-id': connectionId, 'provider-config-key': 'salesforce' } })) as { totalSize: number };
    io.out(`      GET /proxy/services/data/v60.0/query?q=SELECT COUNT() FROM Contact → totalSize ${proxied.totalSize}`);

    step(8, 'Receiving webhooks: an Account changes; the simulator sends an Outbound Message to terapi');
    const hook = (await api('/integrations/salesforce/webhook')) as { data: { outbound_message_url: string } };
    const changed = records.records[0]!;
    const industry = 'Biotechnology (changed by the demo)';
    await sim.control.updateRecord(org.id, 'Account', String(changed.id), { Industry: industry });
    const sent = await sim.control.sendOutboundMessage({ orgId: org.id, url: hook.data.outbound_message_url, sObjectType: 'Account', recordIds: [String(changed.id)], fields: ['Name', 'Industry'] });
    const delivery = await sim.control.outboundDelivery(sent.id, { wait: true });
    io.out(`      Outbound Message ${sent.notificationIds[0]} → ${hook.data.outbound_message_url.replace(/secret=.*/, 'secret=…')}: ${delivery.state} after ${delivery.attempts} attempt(s)`);
    let updated: Record<string, unknown> | undefined;
    for (let i = 0; i < 600 && !updated; i++) {
      const again = (await api(`/records?model=${model}&ids=${String(changed.id)}`, { headers: { 'connection-id': connectionId, 'provider-config-key': 'salesforce' } })) as { records: Array<Record<string, unknown>> };
      updated = again.records.find((r) => r.industry === industry);
      if (!updated) await new Promise((r) => setTimeout(r, 100));
    }
    if (!updated) throw new Error('the Outbound Message did not reach the records cache');
    io.out(`      GET /records: ${String(updated.id)} industry "${industry}" (${(updated._nango_metadata as { last_action: string }).last_action}), no sync run needed`);
    io.out('\nDone: everything above ran against real PostgreSQL and real HTTP, offline.');
  } finally {
    await terapi?.stop();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
