// /sync/trigger, /sync/start, /sync/pause, /sync/status, /sync/update-connection-frequency (nango-api.md §9).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TerapiError } from '../../errors/terapi-error.js';
import { authedEnvironment } from '../../http/request-auth.js';
import { declareRoute, SECRET } from '../../http/route-contract.js';
import type { SyncService } from '../sync-service.js';
import { parseSyncName, type TriggerMode } from '../sync-service.js';

export interface SyncRouteDeps {
  syncs: SyncService;
}

const SYNC_REF = z.union([z.string().min(1).max(255), z.object({ name: z.string().min(1).max(255), variant: z.string().min(1).max(255) }).strict()]);
const KEY = z.string().min(1).max(255);
const empty = z.object({}).strict();

const triggerBody = z
  .object({
    syncs: z.array(SYNC_REF),
    provider_config_key: KEY.optional(),
    connection_id: z.string().min(1).max(255).optional(),
    opts: z.object({ reset: z.boolean().optional(), emptyCache: z.boolean().optional() }).strict().optional(),
    sync_mode: z.enum(['incremental', 'full_refresh', 'full_refresh_and_clear_cache']).optional(),
    full_resync: z.boolean().optional(),
  })
  .strict()
  .refine((b) => !(b.opts && (b.sync_mode !== undefined || b.full_resync !== undefined)), { message: 'send either opts or sync_mode/full_resync, not both', path: ['opts'] });
const startPauseBody = z.object({ syncs: z.array(SYNC_REF).max(256), provider_config_key: KEY, connection_id: z.string().min(1).max(255).optional() }).strict();
const statusQuery = z.object({ syncs: z.string().min(1), provider_config_key: KEY, connection_id: z.string().min(1).max(255).optional() }).strict();
const runsQuery = z
  .object({
    provider_config_key: KEY,
    connection_id: z.string().min(1).max(255),
    sync: z.string().min(1).max(255).describe('The sync name (name::variant for a variant).'),
    limit: z.coerce.number().int().min(1).max(100).optional().describe('Runs per page (default 20).'),
    cursor: z.string().regex(/^[1-9][0-9]{0,17}$/).optional().describe('next_cursor of the previous answer.'),
  })
  .strict();
const frequencyBody = z
  .object({ sync_name: z.string().min(1).max(255), sync_variant: z.string().min(1).max(255).optional(), provider_config_key: KEY, connection_id: z.string().min(1).max(255), frequency: z.string().min(1).max(64).nullable() })
  .strict();

const variantParams = z.object({ name: z.string().min(1).max(255), variant: z.string().regex(/^[a-zA-Z0-9_-]+$/).max(255) }).strict();
const variantBody = z.object({ provider_config_key: KEY, connection_id: z.string().min(1).max(255) }).strict();

function triggerMode(b: z.infer<typeof triggerBody>): TriggerMode {
  if (b.opts) return b.opts.emptyCache ? 'full_and_clear' : b.opts.reset ? 'full' : 'incremental';
  if (b.sync_mode === 'full_refresh_and_clear_cache') return 'full_and_clear';
  if (b.sync_mode === 'full_refresh' || b.full_resync) return 'full';
  return 'incremental';
}

export function registerSyncRoutes(app: FastifyInstance, s: SyncRouteDeps): void {
  declareRoute(app, { method: 'POST', url: '/sync/trigger', auth: SECRET, summary: 'Run syncs now (incremental, full resync, or reset)', tag: 'Syncs', query: empty, body: triggerBody }, async (req, _reply, { body: b }) => {
    const env = authedEnvironment(req);
    const header = (n: string) => (typeof req.headers[n] === 'string' && req.headers[n] !== '' ? (req.headers[n] as string) : undefined);
    const key = b.provider_config_key ?? header('provider-config-key');
    if (!key) throw new TerapiError('missing_provider_config_key');
    const targets = await s.syncs.resolve(env.id, key, b.connection_id ?? header('connection-id'), b.syncs.map(parseSyncName));
    await s.syncs.trigger(targets, triggerMode(b));
    return { success: true };
  });

  const startPause = {
    start: { method: 'POST', url: '/sync/start', auth: SECRET, summary: 'Start (unpause) syncs', tag: 'Syncs', query: empty, body: startPauseBody },
    pause: { method: 'POST', url: '/sync/pause', auth: SECRET, summary: 'Pause syncs', tag: 'Syncs', query: empty, body: startPauseBody },
  } as const;
  for (const action of ['start', 'pause'] as const) {
    declareRoute(app, startPause[action], async (req, _reply, { body: b }) => {
      const env = authedEnvironment(req);
      const targets = await s.syncs.resolve(env.id, b.provider_config_key, b.connection_id, b.syncs.map(parseSyncName));
      if (action === 'start') await s.syncs.startSchedules(targets);
      else await s.syncs.pauseSchedules(targets);
      return { success: true };
    });
  }

  declareRoute(app, { method: 'GET', url: '/sync/status', auth: SECRET, summary: 'Status of syncs for connections', tag: 'Syncs', query: statusQuery }, async (req, _reply, { query: q }) => {
    const env = authedEnvironment(req);
    const names = q.syncs === '*' ? '*' : q.syncs.split(',').map((n) => n.trim()).filter(Boolean).map(parseSyncName);
    // §9: an unknown connection is 400 invalid_body "Connection not found" on this endpoint.
    const targets = await s.syncs.resolve(env.id, q.provider_config_key, q.connection_id, names).catch((err: unknown) => {
      throw err instanceof TerapiError && err.code === 'unknown_connection' ? new TerapiError('invalid_body.connection_not_found') : err;
    });
    return { syncs: await s.syncs.status(targets) };
  });

  declareRoute(app, { method: 'GET', url: '/sync/runs', auth: SECRET, summary: "A sync's runs for a connection, newest first, with their counts and errors (keyset pages)", tag: 'Syncs', query: runsQuery }, async (req, _reply, { query: q }) => {
    const env = authedEnvironment(req);
    const [target] = await s.syncs.resolve(env.id, q.provider_config_key, q.connection_id, [parseSyncName(q.sync)]);
    if (!target) throw new TerapiError('unknown_sync');
    const limit = q.limit ?? 20;
    const rows = await s.syncs.store.runsPage(target.sync.id, q.cursor, limit + 1);
    const page = rows.slice(0, limit);
    return {
      runs: page.map((r) => ({
        id: r.id,
        mode: r.mode,
        status: r.status,
        attempts: r.attempts,
        started_at: r.startedAt.toISOString(),
        finished_at: r.finishedAt?.toISOString() ?? null,
        result: r.result,
        error: r.error ? { type: r.error.type, description: r.error.description } : null,
      })),
      next_cursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
    };
  });

  declareRoute(app, { method: 'PUT', url: '/sync/update-connection-frequency', auth: SECRET, summary: "Override a sync's frequency for one connection", tag: 'Syncs', query: empty, body: frequencyBody }, async (req, _reply, { body: b }) => {
    const env = authedEnvironment(req);
    // §9: this endpoint names a missing sync unknown_sync (trigger/start/pause say no_syncs_found).
    const [target] = await s.syncs.resolve(env.id, b.provider_config_key, b.connection_id, [{ name: b.sync_name, variant: b.sync_variant ?? 'base' }]).catch((err: unknown) => {
      throw err instanceof TerapiError && err.code === 'no_syncs_found' ? new TerapiError('unknown_sync.named', { names: String(err.params?.names), key: String(err.params?.key) }) : err;
    });
    if (!target) throw new TerapiError('unknown_sync');
    return { frequency: await s.syncs.updateFrequency(target, b.frequency) };
  });

  const variantRoutes = {
    post: { method: 'POST', url: '/sync/:name/variant/:variant', auth: SECRET, summary: 'Create a variant of a sync for a connection', tag: 'Syncs', params: variantParams, body: variantBody },
    delete: { method: 'DELETE', url: '/sync/:name/variant/:variant', auth: SECRET, summary: 'Delete a variant of a sync for a connection', tag: 'Syncs', params: variantParams, body: variantBody },
  } as const;
  for (const method of ['post', 'delete'] as const) {
    declareRoute(app, variantRoutes[method], async (req, _reply, { params: p, body: b }) => {
      const env = authedEnvironment(req);
      if (p.variant.toLowerCase() === 'base') throw new TerapiError('invalid_variant');
      if (method === 'post') {
        const sync = await s.syncs.createVariant(env.id, b.provider_config_key, b.connection_id, p.name, p.variant);
        return { id: sync.id, name: sync.name, variant: sync.variant };
      }
      if (!(await s.syncs.deleteVariant(env.id, b.provider_config_key, b.connection_id, p.name, p.variant))) {
        throw new TerapiError('not_found.sync_variant', { variant: p.variant, sync: p.name });
      }
      return { success: true };
    });
  }
}
