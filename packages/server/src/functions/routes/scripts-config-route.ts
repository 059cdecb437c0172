// GET /scripts/config (nango-api.md §12, OPTIONAL): the deployed functions per integration, in the shape of
// Nango's StandardNangoConfig, or as OpenAI function definitions with ?format=openai.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authedEnvironment } from '../../http/request-auth.js';
import { declareRoute, SECRET } from '../../http/route-contract.js';
import type { IntegrationStore } from '../../integrations/integration-store.js';
import type { DeployedFunction, FunctionStore } from '../function-store.js';

export interface ScriptsConfigRouteDeps {
  integrations: IntegrationStore;
}

const query = z.object({ format: z.enum(['nango', 'openai']).optional() }).strict();

function fieldsOf(schema: Record<string, unknown> | undefined) {
  const props = (schema?.properties ?? {}) as Record<string, { type?: unknown }>;
  return Object.entries(props).map(([name, p]) => ({ name, type: Array.isArray(p.type) ? p.type.join(' | ') : String(p.type ?? 'any') }));
}

function syncEntry(f: DeployedFunction) {
  const d = f.definition;
  return {
    name: f.name,
    type: 'sync',
    description: d.description ?? '',
    version: d.version ?? String(f.version),
    runs: d.frequency ?? null,
    auto_start: d.autoStart ?? true,
    sync_type: (d.syncType ?? 'full').toUpperCase(),
    track_deletes: d.trackDeletes ?? false,
    endpoints: d.endpoints ?? [],
    returns: Object.keys(d.models),
    models: Object.entries(d.models).map(([name, schema]) => ({ name, fields: fieldsOf(schema) })),
    json_schema: { definitions: d.models },
    enabled: true,
  };
}

function actionEntry(f: DeployedFunction) {
  const d = f.definition;
  return {
    name: f.name,
    type: 'action',
    description: d.description ?? '',
    version: d.version ?? String(f.version),
    endpoints: d.endpoints ?? [],
    input: d.input ?? null,
    returns: d.output ? [d.output] : [],
    json_schema: { input: d.input ?? null, output: d.output ?? null },
    enabled: true,
  };
}

export function registerScriptsConfigRoute(app: FastifyInstance, s: ScriptsConfigRouteDeps, store: FunctionStore): void {
  declareRoute(app, { method: 'GET', url: '/scripts/config', auth: SECRET, summary: 'The deployed functions per integration', tag: 'Functions', query }, async (req, _reply, { query: q }) => {
    const env = authedEnvironment(req);
    const all = await store.listActive(env.id);
    if (q.format === 'openai') {
      return { data: all.filter((f) => f.kind === 'action').map((f) => ({ name: f.name, description: f.definition.description ?? '', parameters: f.definition.input ?? { type: 'object', properties: {} } })) };
    }
    const byIntegration = new Map<string, DeployedFunction[]>();
    for (const f of all) byIntegration.set(f.integrationKey, [...(byIntegration.get(f.integrationKey) ?? []), f]);
    const out = [];
    for (const [key, fns] of byIntegration) {
      const integration = await s.integrations.get(env.id, key);
      out.push({
        providerConfigKey: key,
        ...(integration ? { provider: integration.provider } : {}),
        syncs: fns.filter((f) => f.kind === 'sync').map(syncEntry),
        actions: fns.filter((f) => f.kind === 'action').map(actionEntry),
        'on-events': fns.filter((f) => f.kind === 'on-event').map((f) => ({ name: f.name, event: f.definition.event, description: f.definition.description ?? '' })),
      });
    }
    return out;
  });
}
