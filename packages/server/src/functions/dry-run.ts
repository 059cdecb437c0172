// `terapi dryrun` (spec/operations.md): runs one function against a live connection and reports what it
// would save or return. Nothing is written: records, deletions, checkpoints and metadata are collected here.
import type { Connection } from '../connections/connection-store.js';
import type { FunctionRunner } from './runner/run-function.js';
import type { ConnectionHostDeps } from './runner/connection-host.js';
import type { DeployedFunction } from './function-store.js';
import { FUNCTION_LIMITS } from './function-limits.js';
import { createConnectionHost } from './runner/connection-host.js';
import type { InvalidRecord, RunFunctionResult } from './runner/run-function.js';
import { batchRecords } from './sdk/record-batch.js';

/** What a dry run reaches. */
export interface DryRunDeps extends ConnectionHostDeps {
  runner: FunctionRunner;
}

export interface DryRunReport {
  function: { integration: string; name: string; kind: string; version: number };
  ok: boolean;
  output?: unknown;
  error?: Extract<RunFunctionResult, { ok: false }>['error'];
  records: Record<string, { saved: Record<string, unknown>[]; updated: Record<string, unknown>[]; deleted: { id: string }[] }>;
  invalidRecords: InvalidRecord[];
  checkpoint: Record<string, unknown> | null;
  metadata?: Record<string, unknown>;
  logs: { level: string; message: string; data?: unknown }[];
}

export async function dryRunFunction(s: DryRunDeps, fn: DeployedFunction, connection: Connection, opts: { input?: unknown; lastSyncDate?: Date | null } = {}): Promise<DryRunReport> {
  const records: DryRunReport['records'] = {};
  const bucket = (model: string) => (records[model] ??= { saved: [], updated: [], deleted: [] });
  const logs: DryRunReport['logs'] = [];
  let checkpoint: Record<string, unknown> | null = null;
  let metadata: Record<string, unknown> | undefined;
  const host = createConnectionHost(s, connection, { functionName: fn.name, runId: null }, {
    log: (level, message, data) => void logs.push({ level, message, ...(data !== undefined ? { data } : {}) }),
    setMetadata: async (m) => void (metadata = m),
    updateMetadata: async (m) => void (metadata = { ...(metadata ?? connection.metadata ?? {}), ...m }),
    getMetadata: async () => metadata ?? connection.metadata ?? null,
    ...(fn.kind === 'sync'
      ? {
          batchSave: async (model: string, rs: unknown[], payloads?: string) => void bucket(model).saved.push(...batchRecords(rs, payloads)),
          batchUpdate: async (model: string, rs: unknown[], payloads?: string) => void bucket(model).updated.push(...batchRecords(rs, payloads)),
          batchDelete: async (model: string, rs: { id: string }[]) => void bucket(model).deleted.push(...rs),
          getCheckpoint: async () => checkpoint,
          saveCheckpoint: async (c: Record<string, unknown>) => void (checkpoint = c),
          clearCheckpoint: async () => void (checkpoint = null),
          // A dry run saves nothing, so it has nothing to compare against: deletion tracking is a no-op.
          trackDeletesStart: async () => {},
          trackDeletesEnd: async () => {},
          setRunNote: async (note: string) => void logs.push({ level: 'info', message: `run note: ${note}` }),
          lastSyncDate: opts.lastSyncDate ?? null,
        }
      : {}),
  });
  const result = await s.runner.run({
    bundle: fn.bundle,
    kind: fn.kind,
    input: opts.input,
    host,
    ...FUNCTION_LIMITS[fn.kind],
  });
  return {
    function: { integration: fn.integrationKey, name: fn.name, kind: fn.kind, version: fn.version },
    ok: result.ok,
    ...(result.ok ? { output: result.output } : { error: result.error }),
    records,
    invalidRecords: result.ok ? result.invalidRecords : [],
    checkpoint,
    ...(metadata ? { metadata } : {}),
    logs,
  };
}
