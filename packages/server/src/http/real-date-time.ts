// Dates a client sends that JavaScript reads leniently but PostgreSQL refuses (a 500 once they reach a
// query): Date.parse takes 2024-02-30 as 1 March and 24:00 as the next day; PostgreSQL's timestamptz has
// no year 0 and ends in 294276, JavaScript's Date reaches year ±275760. Checked at the edge instead.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/;

/** Whether an ISO 8601 date(-time) names a day and time that exist, in years 1–9999. */
export function isRealDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (!m) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1).map((v) => (v === undefined ? undefined : Number(v))) as number[];
  if (year! < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const d = new Date(Date.UTC(year!, month! - 1, day!));
  d.setUTCFullYear(year!); // Date.UTC maps years 0–99 to 1900–1999
  return d.getUTCFullYear() === year && d.getUTCMonth() === month! - 1 && d.getUTCDate() === day;
}

/** Whether PostgreSQL can store the instant (years 1–9999: what a timestamp printed as YYYY-… can hold). */
export function isStorableDate(d: Date): boolean {
  const year = d.getUTCFullYear();
  return !Number.isNaN(d.getTime()) && year >= 1 && year <= 9999;
}
