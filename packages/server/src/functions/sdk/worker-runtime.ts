// Runs inside the function's sandbox isolate (../sandbox/), bundled with each function (the bundle's `__terapiRuntime` export): takes the
// definition, builds the helper, runs exec, and reports one `done` or `failed` message. The message shapes are
// in host-protocol.ts; the runner (functions/runner/run-function.ts) is the other side.
import { toJSONSchema, type z } from 'zod';
import { ActionError } from './action-error.js';
import type { ActionDefinition, OnEventDefinition, SyncDefinition } from './function-config.js';
import { createFunctionHelper } from './function-helper.js';
import type { HostToWorker, InvalidRecordReport, RuntimeErrorCode, RuntimePort, RuntimeStart, SerializedError } from './host-protocol.js';
import { UpstreamHttpError } from './upstream-http-error.js';

type AnyDefinition = SyncDefinition | ActionDefinition | OnEventDefinition;

class RuntimeFailure extends Error {
  constructor(readonly code: RuntimeErrorCode, message: string, readonly payload?: unknown) {
    super(message);
  }
}

function jsonSchemaOf(schema: z.ZodType | undefined): Record<string, unknown> | undefined {
  if (!schema) return undefined;
  try {
    return toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The declarative parts of a definition (stored at deploy as FunctionDefinition). */
export function describeDefinition(def: AnyDefinition): { kind: AnyDefinition['type']; definition: Record<string, unknown> } {
  if (!def || typeof def !== 'object' || !['sync', 'action', 'on-event'].includes((def as { type?: string }).type ?? '')) {
    throw new RuntimeFailure('function_error', 'The file must `export default` the result of createSync, createAction or createOnEvent (imported from terapi).');
  }
  if (typeof def.exec !== 'function') throw new RuntimeFailure('function_error', 'The definition has no exec function.');
  const base = { description: def.description, version: def.version, metadata: jsonSchemaOf(def.metadata as z.ZodType | undefined) };
  if (def.type === 'sync') {
    const models = Object.fromEntries(Object.entries(def.models ?? {}).map(([name, s]) => [name, jsonSchemaOf(s) ?? {}]));
    if (Object.keys(models).length === 0) throw new RuntimeFailure('function_error', 'A sync must declare at least one model.');
    return {
      kind: 'sync',
      definition: { ...base, models, frequency: def.frequency, autoStart: def.autoStart ?? true, syncType: def.syncType, trackDeletes: def.trackDeletes ?? false, webhookSubscriptions: def.webhookSubscriptions ?? [], endpoints: def.endpoints, checkpoint: jsonSchemaOf(def.checkpoint as z.ZodType | undefined) },
    };
  }
  if (def.type === 'action') return { kind: 'action', definition: { ...base, models: {}, input: jsonSchemaOf(def.input), output: jsonSchemaOf(def.output), endpoints: def.endpoint ? [def.endpoint] : undefined } };
  return { kind: 'on-event', definition: { ...base, models: {}, event: def.event } };
}

function toJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function failureOf(err: unknown): { code: RuntimeErrorCode; message: string; payload?: unknown } {
  if (err instanceof RuntimeFailure) return { code: err.code, message: err.message, ...(err.payload !== undefined ? { payload: err.payload } : {}) };
  if (err instanceof ActionError || (err && typeof err === 'object' && (err as { type?: unknown }).type === 'action_error')) {
    const e = err as ActionError;
    return { code: 'action_error', message: e.message, payload: safeJson(e.payload) };
  }
  if (err instanceof UpstreamHttpError) {
    return { code: 'script_http_error', message: err.message, payload: { status: err.response.status, headers: err.response.headers, data: safeJson(err.response.data) } };
  }
  if (err instanceof Error) return { code: 'function_error', message: `${err.name}: ${err.message}`, ...(err.stack ? { payload: { stack: err.stack } } : {}) };
  return { code: 'function_error', message: `The function threw ${safeString(err)}` };
}

function safeJson(v: unknown): unknown {
  try {
    return toJson(v);
  } catch {
    return safeString(v);
  }
}

function safeString(v: unknown): string {
  try {
    return typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function revive(e: SerializedError): Error {
  const err = new Error(e.message);
  err.name = e.name ?? 'HostError';
  return Object.assign(err, e.code ? { code: e.code } : {}, e.payload !== undefined ? { payload: e.payload } : {});
}

export async function startFunctionRuntime(port: RuntimePort, start: RuntimeStart & { connectionId?: string; providerConfigKey?: string }, def: AnyDefinition): Promise<void> {
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  port.on('message', (msg: HostToWorker) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.value);
    else p.reject(revive(msg.error));
  });
  const invalidRecords: InvalidRecordReport[] = [];
  try {
    const { kind } = describeDefinition(def);
    if (start.mode === 'describe') {
      port.postMessage({ type: 'done', output: describeDefinition(def), invalidRecords });
      return;
    }
    if (kind !== start.mode && !(start.mode === 'webhook' && kind === 'sync')) throw new RuntimeFailure('function_error', `This function is a ${kind}, not a ${start.mode}.`);
    const models = def.type === 'sync' ? (def.models as Record<string, z.ZodType>) : {};
    const helper = createFunctionHelper({
      call: (method, args, text) =>
        new Promise((resolve, reject) => {
          const id = nextId++;
          pending.set(id, { resolve, reject });
          port.postMessage({ type: 'call', id, method, args, ...(text !== undefined ? { text } : {}) });
        }),
      log: (level, message, data) => port.postMessage({ type: 'log', level, message, ...(data !== undefined ? { data: safeJson(data) } : {}) }),
      models,
      lastSyncDate: start.lastSyncDate ? new Date(start.lastSyncDate) : null,
      connectionId: start.connectionId ?? '',
      providerConfigKey: start.providerConfigKey ?? '',
      invalidRecords,
    });
    let output: unknown = null;
    if (def.type === 'action') {
      const input = def.input.safeParse(start.input);
      if (!input.success) {
        const issues = input.error.issues.map((i) => ({ code: i.code, message: i.message, path: i.path.map(String) }));
        throw new RuntimeFailure('invalid_input', `The action input is invalid${issues[0] ? ` (${issues[0].path.join('.') || 'input'}: ${issues[0].message})` : ''}.`, issues);
      }
      const raw = await def.exec(helper as never, input.data);
      const checked = def.output.safeParse(raw);
      if (!checked.success) {
        const issues = checked.error.issues.map((i) => ({ code: i.code, message: i.message, path: i.path.map(String) }));
        throw new RuntimeFailure('invalid_output', `The action output does not match its schema${issues[0] ? ` (${issues[0].path.join('.') || 'output'}: ${issues[0].message})` : ''}.`, issues);
      }
      output = toJson(raw);
    } else if (start.mode === 'webhook') {
      if (def.type !== 'sync' || typeof def.onWebhook !== 'function') throw new RuntimeFailure('function_error', 'This sync has no onWebhook function.');
      await def.onWebhook(helper as never, start.input);
    } else {
      await def.exec(helper as never);
    }
    port.postMessage({ type: 'done', output, invalidRecords });
  } catch (err) {
    port.postMessage({ type: 'failed', error: failureOf(err), invalidRecords });
  }
}
