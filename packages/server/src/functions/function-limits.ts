// Per-run limits of the isolated runner (issue 6 §3). Not configurable yet: spec/operations.md names no
// variable for them.
export const FUNCTION_LIMITS = {
  /** Reading a bundle's definition at deploy. */
  describe: { timeoutMs: 15_000, memoryMb: 256 },
  action: { timeoutMs: 5 * 60_000, memoryMb: 512 },
  'on-event': { timeoutMs: 5 * 60_000, memoryMb: 512 },
  /** syncs may pass their own; this is the default for a dry run. */
  sync: { timeoutMs: 60 * 60_000, memoryMb: 512 },
} as const;
