// Text PostgreSQL cannot store: U+0000 (refused in text and jsonb, 22021 / 22P05) and unpaired UTF-16
// surrogates (refused in jsonb: "\ud800" alone is no character). Checked where values enter: request bodies
// (http/unstorable-text.ts) and records a function saves (functions/sdk/record-validation.ts).

/** A NUL, or a surrogate not part of a pair (with the u flag a pair is one code point and does not match). */
const UNSTORABLE = /[\0\uD800-\uDFFF]/u;

/** Path of the first string or key holding text PostgreSQL cannot store, or undefined. */
export function unstorablePath(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (UNSTORABLE.test(k)) return [...path, k];
    const found = unstorablePath(v, [...path, k]);
    if (found) return found;
  }
  return undefined;
}
