/** The last day formatRestDatetime printed, and its text up to the time ("2026-01-02T"). */
let lastDay = Number.NaN;
let lastDayPrefix = '';
const DAY_MS = 86_400_000;
/** "00" … "59": the two digits of an hour, minute or second. */
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
/** Date's range (ECMA-262 §21.4.1.22, TimeClip); beyond it toISOString throws, as it still does here. */
const MAX_TIME = 8.64e15;

// spec/salesforce.md §0: REST datetimes carry milliseconds and a colon-less `+0000` offset.
export function formatRestDatetime(ms: number): string {
  if (!Number.isInteger(ms) || Math.abs(ms) > MAX_TIME) return new Date(ms).toISOString().replace('Z', '+0000');
  // A query page prints one stamp per record, sorted or nearly: consecutive stamps mostly share their day (seeded
  // records are a year's stamps in whole seconds; live changes are stamped 1 ms apart). The date's text is kept for
  // the last day printed and the time of day is written from its digits: no Date per stamp (~43 ns a call
  // instead of ~380 for a year of seeded stamps in order; keeping only the last second missed on those).
  const day = Math.floor(ms / DAY_MS);
  if (day !== lastDay) {
    const iso = new Date(day * DAY_MS).toISOString();
    lastDayPrefix = iso.slice(0, iso.length - 13); // "…T" without "00:00:00.000Z"; years beyond 9999 print longer
    lastDay = day;
  }
  const inDay = ms - day * DAY_MS;
  const seconds = Math.floor(inDay / 1000);
  const milli = inDay - seconds * 1000;
  const hh = TWO_DIGITS[Math.floor(seconds / 3600)]!;
  const mm = TWO_DIGITS[Math.floor(seconds / 60) % 60]!;
  const ss = TWO_DIGITS[seconds % 60]!;
  return `${lastDayPrefix}${hh}:${mm}:${ss}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}+0000`;
}

// spec/salesforce.md §4.5 [unverified]: Bulk CSV datetimes end in `Z`.
export function formatCsvDatetime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Parses ISO 8601 with `Z`, `+hh:mm` or `+hhmm`; undefined when it is not a datetime. */
export function parseDatetime(text: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!m) return undefined;
  const zone = m[6] === undefined || m[6] === 'Z' ? 'Z' : m[6].length === 5 ? `${m[6].slice(0, 3)}:${m[6].slice(3)}` : m[6];
  const ms = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}${m[5] ?? ''}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}
