// The helper object handed to exec, inside the worker: every effect is a call to the host (by message).
import type { z } from 'zod';
import { ActionError } from './action-error.js';
import type { HostCallMethod, InvalidRecordReport } from './host-protocol.js';
import type { LogArgs, Pagination, ProxyConfiguration, SyncHelper } from './helper-types.js';
import { paginate } from './paginate.js';
import { splitValid } from './record-validation.js';
import { recordRows } from './record-batch.js';
import { UpstreamHttpError, type UpstreamResponse } from './upstream-http-error.js';

/** `text`: a long text sent beside the arguments and given to the host method as its last one (a batch's payloads as JSON). */
export type HostCaller = (method: HostCallMethod, args: unknown[], text?: string) => Promise<unknown>;
export type LogSink = (level: 'debug' | 'info' | 'warn' | 'error', message: string, data?: unknown) => void;

export interface HelperContext {
  call: HostCaller;
  log: LogSink;
  models: Record<string, z.ZodType>;
  lastSyncDate: Date | null;
  connectionId: string;
  providerConfigKey: string;
  /** Invalid records found so far in this run. */
  invalidRecords: InvalidRecordReport[];
}

const DEFAULT_RETRIES = 3;
const HOST_BATCH = 5_000;
const LEVELS = new Set(['debug', 'info', 'warn', 'error']);

function paramsRecord(params: ProxyConfiguration['params']): Record<string, string | number> | undefined {
  if (params === undefined) return undefined;
  if (typeof params === 'string') return Object.fromEntries(new URLSearchParams(params));
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
}

/** The host sends bodies as text so that JSON is parsed here, in the worker. */
function decodeBody(data: unknown, contentType: string | undefined): unknown {
  if (typeof data !== 'string') return data;
  if (data === '' || (contentType !== undefined && !/json/i.test(contentType))) return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

export function createFunctionHelper(ctx: HelperContext): SyncHelper {
  const request = async <T = any>(config: ProxyConfiguration, method?: string): Promise<UpstreamResponse<T>> => {
    const m = (method ?? config.method ?? 'GET').toUpperCase();
    const params = paramsRecord(config.params);
    const res = (await ctx.call('proxy', [
      {
        method: m,
        endpoint: config.endpoint,
        ...(params ? { params } : {}),
        ...(config.headers ? { headers: config.headers } : {}),
        ...(config.data !== undefined ? { data: config.data } : {}),
        retries: config.retries ?? DEFAULT_RETRIES,
        ...(config.retryOn ? { retryOn: config.retryOn } : {}),
        ...(config.baseUrlOverride ? { baseUrlOverride: config.baseUrlOverride } : {}),
      },
    ])) as UpstreamResponse<T>;
    res.data = decodeBody(res.data, res.headers['content-type']) as T;
    if (res.status < 200 || res.status >= 300) throw new UpstreamHttpError(m, config.endpoint, res as UpstreamResponse);
    return res;
  };
  const save = async (kind: 'batchSave' | 'batchUpdate', results: unknown[], model: string) => {
    const schema = ctx.models[model];
    if (!schema) throw new Error(`${kind}: unknown model "${model}"; this sync declares ${Object.keys(ctx.models).join(', ') || 'no models'}`);
    const partial = kind === 'batchUpdate' && typeof (schema as unknown as { partial?: unknown }).partial === 'function' ? (schema as unknown as { partial(): z.ZodType }).partial() : schema;
    const { valid, invalid } = splitValid(model, partial, results);
    for (const bad of invalid) {
      ctx.invalidRecords.push(bad);
      ctx.log('warn', `invalid ${model} record ${bad.id ?? '(no id)'} skipped: ${bad.field ? `${bad.field}: ` : ''}${bad.message}`, bad);
    }
    // Large batches cross to the host in slices, so neither side holds one huge message. Two are in flight:
    // the next slice is serialized and sent while the host writes the previous one (it applies them in order,
    // syncs/ordered-writes.ts).
    let previous: Promise<unknown> | undefined;
    for (let i = 0; i < valid.length; i += HOST_BATCH) {
      // The slice as rows, its payloads' JSON beside the call: terapi's process binds them without parsing them.
      const rows = recordRows(valid.slice(i, i + HOST_BATCH));
      const sent = ctx.call(kind, [model, rows.ids], rows.payloads);
      sent.catch(() => {}); // awaited below, after the previous slice
      if (previous) await previous;
      previous = sent;
    }
    await previous;
    return true;
  };
  const helper: SyncHelper = {
    connectionId: ctx.connectionId,
    providerConfigKey: ctx.providerConfigKey,
    ActionError,
    lastSyncDate: ctx.lastSyncDate,
    proxy: (config) => request(config),
    get: (config) => request(config, 'GET'),
    post: (config) => request(config, 'POST'),
    put: (config) => request(config, 'PUT'),
    patch: (config) => request(config, 'PATCH'),
    delete: (config) => request(config, 'DELETE'),
    paginate: <T>(config: ProxyConfiguration & { paginate: Pagination }) => paginate<T>((c) => request(c), config),
    getConnection: () => ctx.call('getConnection', []) as Promise<Record<string, unknown>>,
    getToken: async () => {
      const credentials = ((await ctx.call('getConnection', [])) as { credentials?: Record<string, unknown> }).credentials ?? {};
      return credentials.type === 'OAUTH2' && typeof credentials.access_token === 'string' ? credentials.access_token : credentials;
    },
    getMetadata: <T>() => ctx.call('getMetadata', []) as Promise<T>,
    setMetadata: async (m) => void (await ctx.call('setMetadata', [m])),
    updateMetadata: async (m) => void (await ctx.call('updateMetadata', [m])),
    log: (...args: LogArgs) => {
      const last = args.length > 1 ? args[args.length - 1] : undefined;
      const levelArg = last && typeof last === 'object' && LEVELS.has(String((last as { level?: unknown }).level)) ? (last as { level: 'debug' | 'info' | 'warn' | 'error' }).level : undefined;
      const parts = levelArg ? args.slice(0, -1) : args;
      const [first, ...rest] = parts;
      ctx.log(levelArg ?? 'info', typeof first === 'string' ? first : JSON.stringify(first), rest.length ? (rest.length === 1 ? rest[0] : rest) : undefined);
    },
    batchSave: (results, model) => save('batchSave', results, model),
    batchUpdate: (results, model) => save('batchUpdate', results, model),
    batchDelete: async (results, model) => {
      if (!ctx.models[model]) throw new Error(`batchDelete: unknown model "${model}"`);
      const ids: { id: string }[] = [];
      for (const r of results) {
        const id = r && (typeof r.id === 'string' || typeof r.id === 'number') ? String(r.id) : undefined;
        if (id === undefined || id === '') ctx.invalidRecords.push({ model, id: undefined, field: 'id', message: 'a deleted record needs an id' });
        else ids.push({ id });
      }
      for (let i = 0; i < ids.length; i += HOST_BATCH) await ctx.call('batchDelete', [model, ids.slice(i, i + HOST_BATCH)]);
      return true;
    },
    getCheckpoint: () => ctx.call('getCheckpoint', []) as Promise<Record<string, unknown> | null>,
    saveCheckpoint: async (c) => void (await ctx.call('saveCheckpoint', [c])),
    clearCheckpoint: async () => void (await ctx.call('clearCheckpoint', [])),
    trackDeletesStart: async (model) => {
      if (!ctx.models[model]) throw new Error(`trackDeletesStart: unknown model "${model}"`);
      await ctx.call('trackDeletesStart', [model]);
    },
    trackDeletesEnd: async (model) => {
      if (!ctx.models[model]) throw new Error(`trackDeletesEnd: unknown model "${model}"`);
      await ctx.call('trackDeletesEnd', [model]);
    },
    setRunNote: async (note) => void (await ctx.call('setRunNote', [String(note)])),
  };
  return helper;
}
