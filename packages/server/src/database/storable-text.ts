// Text PostgreSQL cannot store: U+0000 (refused in text and jsonb, 22021 / 22P05) and unpaired UTF-16
// surrogates (refused in jsonb: "\ud800" alone is no character). Checked where values enter: request bodies
// (http/unstorable-text.ts) and records a function saves (functions/sdk/record-validation.ts).

/** A NUL, or a surrogate not part of a pair (with the u flag a pair is one code point and does not match). */
const UNSTORABLE = /[\0\uD800-\uDFFF]/u;

/** Any NUL or surrogate, paired or not: a cheap first look (no u flag) before the exact test. */
const MAYBE_UNSTORABLE = /[\0\uD800-\uDFFF]/;

function isUnstorable(text: string): boolean {
  return MAYBE_UNSTORABLE.test(text) && UNSTORABLE.test(text);
}

/** Whether anything in the value is unstorable; allocates nothing (it runs on every record a function saves). */
function holdsUnstorable(value: unknown): boolean {
  if (typeof value === 'string') return isUnstorable(value);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (holdsUnstorable(item)) return true;
    return false;
  }
  for (const key in value) {
    if (isUnstorable(key) || holdsUnstorable((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** Path of the first string or key holding text PostgreSQL cannot store, or undefined. */
export function unstorablePath(value: unknown, path: string[] = []): string[] | undefined {
  if (path.length === 0 && !holdsUnstorable(value)) return undefined;
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (UNSTORABLE.test(k)) return [...path, k];
    const found = unstorablePath(v, [...path, k]);
    if (found) return found;
  }
  return undefined;
}
