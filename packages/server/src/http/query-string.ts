// The query-string parser of every route: qs (nested keys such as tags[a]=b, repeated keys as arrays). Most
// requests carry a few plain `key=value` pairs (provider_config_key=…, model=…&limit=…), for which qs's
// general machinery is the largest single cost of a connection read after the database (issue 15); those
// take a fast path that builds the object qs would build. The test compares both on many strings.
import qs from 'qs';

const OPTIONS = { arrayLimit: 100, depth: 5 } as const;

// Plain pairs only: unreserved key characters, values without %-escapes or '+' (nothing to decode), no
// brackets, and every pair with its '='. Anything else goes to qs.
const PLAIN = /^[A-Za-z0-9_-]+=[A-Za-z0-9_.~:,-]*(?:&[A-Za-z0-9_-]+=[A-Za-z0-9_.~:,-]*){0,49}$/;

export function parseQueryString(s: string): Record<string, unknown> {
  if (!PLAIN.test(s)) return qs.parse(s, OPTIONS) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let start = 0;
  while (start < s.length) {
    let end = s.indexOf('&', start);
    if (end < 0) end = s.length;
    const eq = s.indexOf('=', start);
    const key = s.slice(start, eq);
    // qs combines a repeated key into an array and drops keys that shadow Object.prototype's.
    if (Object.hasOwn(out, key) || key in Object.prototype) return qs.parse(s, OPTIONS) as Record<string, unknown>;
    out[key] = s.slice(eq + 1, end);
    start = end + 1;
  }
  return out;
}
