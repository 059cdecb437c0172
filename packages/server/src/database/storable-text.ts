// Text PostgreSQL cannot store: U+0000 (refused in text and jsonb, 22021 / 22P05) and unpaired UTF-16
// surrogates (refused in jsonb: "\ud800" alone is no character). Checked where values enter: request bodies
// (http/unstorable-text.ts) and records a function saves (functions/sdk/record-validation.ts).

/** A NUL, or a surrogate not part of a pair (with the u flag a pair is one code point and does not match). */
const UNSTORABLE = /[\0\uD800-\uDFFF]/u;

/** Depth-first search that grows `path` only while descending: nothing is allocated for a clean value. */
function find(value: unknown, path: string[]): boolean {
  if (typeof value === 'string') return UNSTORABLE.test(value);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      if (find(value[i], path)) return true;
      path.pop();
    }
    return false;
  }
  for (const key in value) {
    path.push(key);
    if (UNSTORABLE.test(key) || find((value as Record<string, unknown>)[key], path)) return true;
    path.pop();
  }
  return false;
}

/** Path of the first string or key holding text PostgreSQL cannot store, or undefined. */
export function unstorablePath(value: unknown): string[] | undefined {
  const path: string[] = [];
  return find(value, path) ? path : undefined;
}

/** `text` with what PostgreSQL cannot store replaced by U+FFFD (for text terapi keeps about others' answers). */
export function storableText(text: string): string {
  return text.replace(/[\0\uD800-\uDFFF]/gu, '\uFFFD');
}
