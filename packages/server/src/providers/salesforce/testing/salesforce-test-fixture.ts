// For this folder's integration tests: a terapi pointed at a Salesforce simulator whose default apps call
// back to it, plus the few steps every auth test repeats (connect session, POST auth endpoints, request-log
// counts, RSA keys registered on a simulator app for JWT bearer).
import { generateKeyPairSync } from 'node:crypto';
import type { RunningSalesforceSim, SimApp } from '@terapi/salesforce-sim';
import type { TestTerapi } from '../../../testing/test-terapi.js';
import { startTerapiWithSalesforceSim } from './terapi-with-salesforce-sim.js';

export interface SalesforceFixture {
  t: TestTerapi & { encryptionKey: string };
  sim: RunningSalesforceSim;
  prodOrgId: string;
  sandboxOrgId: string;
  close(): Promise<void>;
}

export async function startSalesforceFixture(opts: { webhookBackoffBaseMs?: number } = {}): Promise<SalesforceFixture> {
  const { t, sim, close } = await startTerapiWithSalesforceSim({ terapi: opts.webhookBackoffBaseMs ? { webhookBackoffBaseMs: opts.webhookBackoffBaseMs } : {} });
  const orgs = sim.summary().orgs;
  return { t, sim, prodOrgId: orgs.find((o) => !o.sandbox)!.id, sandboxOrgId: orgs.find((o) => o.sandbox)!.id, close };
}

export async function connectSessionToken(t: TestTerapi, integrationKey: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.api('/connect/sessions', { method: 'POST', json: { end_user: { id: 'end-user-1' }, allowed_integrations: [integrationKey], ...extra } });
  if (res.status !== 201) throw new Error(`connect session: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: { token: string } }).data.token;
}

export async function createIntegration(t: TestTerapi, provider: string, key = provider, credentials?: Record<string, unknown>): Promise<void> {
  const res = await t.api('/integrations', { method: 'POST', json: { provider, unique_key: key, ...(credentials ? { credentials } : {}) } });
  if (res.status !== 200) throw new Error(`integration: ${res.status} ${await res.text()}`);
}

/** POST a frontend auth endpoint as @nangohq/frontend does (nango-api.md §3.3). */
export async function postAuth(t: TestTerapi, path: string, key: string, body: unknown, params: Record<string, string> = {}, token?: string): Promise<Response> {
  const qs = new URLSearchParams({ connect_session_token: token ?? (await connectSessionToken(t, key)) });
  for (const [k, v] of Object.entries(params)) qs.set(`params[${k}]`, v);
  return fetch(`${t.url}${path}/${encodeURIComponent(key)}?${qs}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export async function requestCounts(sim: RunningSalesforceSim): Promise<Record<string, number>> {
  return (await sim.control.requestLog()).counts;
}

/** An RSA key pair whose public half verifies JWT-bearer assertions for a new app of the org. */
export function jwtApp(sim: RunningSalesforceSim, orgId: string, settings: { preAuthorizedUsers?: string[]; scopes?: string[] } = {}): { app: SimApp; privateKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const app = sim.sim.createApp(orgId, {
    name: 'jwt',
    certificatePem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    preAuthorizedUsers: settings.preAuthorizedUsers ?? [],
    ...(settings.scopes ? { scopes: settings.scopes } : {}),
  });
  return { app, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}
