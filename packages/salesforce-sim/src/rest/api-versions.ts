// spec/salesforce.md §3.1: the versions the simulator serves. v60.0 is Spring '24; three releases a year.
export const MIN_API_VERSION = 31;
// v67.0 is the newest version the spec's sources show (§3.5, query locator example).
export const MAX_API_VERSION = 67;

export function releaseLabel(version: number): string {
  const k = version - 60;
  const season = ((k % 3) + 3) % 3;
  const year = 24 + Math.floor(k / 3) + (season === 2 ? 1 : 0);
  return `${['Spring', 'Summer', 'Winter'][season]} '${String(year).padStart(2, '0')}`;
}

export function versionsList(): { label: string; url: string; version: string }[] {
  const out = [];
  for (let v = MIN_API_VERSION; v <= MAX_API_VERSION; v++) {
    out.push({ label: releaseLabel(v), url: `/services/data/v${v}.0`, version: `${v}.0` });
  }
  return out;
}

/**
 * `v60.0` → `60.0`; `latest` → the newest. A version without `.0` (`v38`) or outside the served range is
 * undefined, which callers answer with 404 NOT_FOUND (spec/salesforce.md §3.1).
 */
export function parseApiVersion(segment: string): string | undefined {
  if (segment === 'latest') return `${MAX_API_VERSION}.0`;
  const m = /^v(\d+)\.0$/.exec(segment);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= MIN_API_VERSION && n <= MAX_API_VERSION ? `${n}.0` : undefined;
}
