// Per-run limits of the function sandbox (issue 6 §3, issue 9 §2). Time and memory are not configurable
// yet: spec/operations.md names no variable for them. The proxy response cap is TERAPI_FUNCTION_PROXY_MAX_BYTES.
export const FUNCTION_LIMITS = {
  /** Reading a bundle's definition at deploy. */
  describe: { timeoutMs: 15_000, memoryMb: 256 },
  action: { timeoutMs: 5 * 60_000, memoryMb: 512 },
  'on-event': { timeoutMs: 5 * 60_000, memoryMb: 512 },
  /** syncs may pass their own; this is the default for a dry run. */
  sync: { timeoutMs: 60 * 60_000, memoryMb: 512 },
} as const;

/** What one run may write to its log before the rest is dropped (with one note saying so). */
export const FUNCTION_LOG_LIMITS = { lines: 10_000, bytes: 4 * 1024 * 1024 } as const;

/** The largest single message a function may send (a batchSave with its records, an action's output). */
export const FUNCTION_MESSAGE_MAX_BYTES = 64 * 1024 * 1024;
