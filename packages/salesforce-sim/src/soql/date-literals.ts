// SOQL date literals (developer.salesforce.com soql_select_dateformats), resolved in UTC:
// each names a half-open range [start, end) of epoch milliseconds.
const DAY = 86_400_000;

export const DATE_LITERALS = new Set(['TODAY', 'YESTERDAY', 'TOMORROW', 'THIS_WEEK', 'LAST_WEEK', 'THIS_MONTH', 'LAST_MONTH', 'THIS_YEAR', 'LAST_YEAR']);
export const DATE_LITERALS_WITH_N = new Set(['LAST_N_DAYS', 'NEXT_N_DAYS']);

export function dateLiteralRange(name: string, n: number | undefined, now: number): { start: number; end: number } {
  const today = Math.floor(now / DAY) * DAY;
  const d = new Date(today);
  const monthStart = (offset: number) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1);
  const weekStart = today - d.getUTCDay() * DAY;
  switch (name) {
    case 'TODAY': return { start: today, end: today + DAY };
    case 'YESTERDAY': return { start: today - DAY, end: today };
    case 'TOMORROW': return { start: today + DAY, end: today + 2 * DAY };
    case 'THIS_WEEK': return { start: weekStart, end: weekStart + 7 * DAY };
    case 'LAST_WEEK': return { start: weekStart - 7 * DAY, end: weekStart };
    case 'THIS_MONTH': return { start: monthStart(0), end: monthStart(1) };
    case 'LAST_MONTH': return { start: monthStart(-1), end: monthStart(0) };
    case 'THIS_YEAR': return { start: Date.UTC(d.getUTCFullYear(), 0, 1), end: Date.UTC(d.getUTCFullYear() + 1, 0, 1) };
    case 'LAST_YEAR': return { start: Date.UTC(d.getUTCFullYear() - 1, 0, 1), end: Date.UTC(d.getUTCFullYear(), 0, 1) };
    // LAST_N_DAYS:n starts at midnight n days ago and runs through now (today included).
    case 'LAST_N_DAYS': return { start: today - (n ?? 0) * DAY, end: today + DAY };
    case 'NEXT_N_DAYS': return { start: today + DAY, end: today + (1 + (n ?? 0)) * DAY };
    default: throw new Error(`unknown date literal ${name}`);
  }
}
