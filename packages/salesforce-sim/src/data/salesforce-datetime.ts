// spec/salesforce.md §0: REST datetimes carry milliseconds and a colon-less `+0000` offset.
export function formatRestDatetime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
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
