// For tests: a poll with a deadline. A condition that never comes fails the test, naming what it waited for,
// instead of hanging the run.
import { setTimeout as sleep } from 'node:timers/promises';

export const WAIT_MS = 60_000;

/** Calls `check` until it returns something other than undefined, null or false, and returns that; throws after `ms`. */
export async function waitUntil<T>(what: string, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, opts: { ms?: number; every?: number } = {}): Promise<T> {
  const ms = opts.ms ?? WAIT_MS;
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(opts.every ?? 50);
  }
}
