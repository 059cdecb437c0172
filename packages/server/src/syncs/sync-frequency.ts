// Sync frequencies as written in Nango scripts and PUT /sync/update-connection-frequency (nango-api.md §9):
// "every 1h", "30 minutes", "every day", "half day", "every 5 mins", "every half hour", "1d".
import { TerapiError } from '../errors/terapi-error.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000, sec: 1_000, secs: 1_000, second: 1_000, seconds: 1_000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 604_800_000, week: 604_800_000, weeks: 604_800_000,
};

export const MIN_FREQUENCY_MS = 30_000;
export const DEFAULT_FREQUENCY = 'every day';

/** Milliseconds between runs; throws 400 invalid_sync_frequency when unreadable or under 30 s. */
export function parseFrequency(text: string): number {
  const s = text.trim().toLowerCase().replace(/^every\s+/, '');
  const m = /^(half|an?|\d+(?:\.\d+)?)?\s*([a-z]+)$/.exec(s);
  const unit = m?.[2] !== undefined ? UNIT_MS[m[2]] : undefined;
  if (!m || unit === undefined) throw new TerapiError('invalid_sync_frequency.not_a_frequency', { text });
  const n = m[1] === undefined || m[1] === 'a' || m[1] === 'an' ? 1 : m[1] === 'half' ? 0.5 : Number(m[1]);
  const ms = n * unit;
  if (!(ms >= MIN_FREQUENCY_MS)) throw new TerapiError('invalid_sync_frequency.too_short', { text });
  return ms;
}

/** The effective frequency as the API shows it: "every …" (nango-api.md §9 Status.frequency). */
export function displayFrequency(text: string): string {
  const t = text.trim();
  return /^every\s/i.test(t) ? t : `every ${t}`;
}
