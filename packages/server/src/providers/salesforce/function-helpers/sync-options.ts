// Per-connection settings of the Salesforce syncs, read from the connection's metadata (set with
// `PATCH /connection/{id}/metadata` or `nango.updateMetadata`). Defaults are documented in the functions README.
import type { ActionHelper } from '../../../functions/sdk/index.js';
import { DEFAULT_API_RESERVE_PERCENT } from './api-budget.js';

/** Above this many records a first run or full resync reads through Bulk API 2.0 (10 REST pages of 2,000). */
export const DEFAULT_BULK_THRESHOLD = 20_000;

export interface SyncOptions {
  bulkThreshold: number;
  apiReservePercent: number;
}

const numberIn = (v: unknown, name: string, min: number, max: number, fallback: number): number => {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new Error(`Connection metadata "${name}" must be a number from ${min} to ${max}; it is ${JSON.stringify(v)}.`);
  return v;
};

export async function readSyncOptions(nango: ActionHelper<any>): Promise<SyncOptions> {
  const m = ((await nango.getMetadata()) ?? {}) as Record<string, unknown>;
  return {
    bulkThreshold: numberIn(m.bulkThreshold, 'bulkThreshold', 0, Number.MAX_SAFE_INTEGER, DEFAULT_BULK_THRESHOLD),
    apiReservePercent: numberIn(m.apiReservePercent, 'apiReservePercent', 0, 100, DEFAULT_API_RESERVE_PERCENT),
  };
}
