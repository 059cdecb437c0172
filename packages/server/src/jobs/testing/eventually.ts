// For tests: polls until `check` holds, and fails with `what` once the deadline passes instead of hanging.
import { setTimeout as sleep } from 'node:timers/promises';

export async function eventually(what: string, check: () => Promise<boolean> | boolean, deadlineMs = 60_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`still not true after ${deadlineMs} ms: ${what}`);
    await sleep(50);
  }
}
