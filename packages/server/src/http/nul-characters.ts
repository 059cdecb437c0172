// PostgreSQL cannot store U+0000 in text or jsonb (it answers 22021 / 22P05), so a NUL anywhere in what a
// route might store would fail deep inside a write as a 500. Requests are refused at the edge instead, with
// the place named: `%00` in the URL, `\u0000` in a JSON body's strings or keys.
import { TerapiError } from '../errors/terapi-error.js';

/** Path of the first string or key holding a NUL, or undefined. */
export function nulPath(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\0')) return [...path, k];
    const found = nulPath(v, [...path, k]);
    if (found) return found;
  }
  return undefined;
}

/** Throws invalid_body when a parsed JSON body (its source text given) holds a NUL. */
export function refuseNulInBody(text: string, parsed: unknown): void {
  // JSON can only carry a NUL escaped; most bodies skip the walk.
  if (!text.includes('\\u0000')) return;
  const path = nulPath(parsed);
  if (!path) return;
  throw new TerapiError('invalid_body', `The body holds a NUL character (\\u0000)${path.length ? ` at ${path.join('.')}` : ''}; terapi cannot store it. Remove it.`, {
    errors: [{ code: 'invalid_string', message: 'NUL characters (\\u0000) are not accepted', path }],
  });
}

/** Throws invalid_uri_params or invalid_query_params when the URL carries an encoded NUL (%00). */
export function refuseNulInUrl(url: string): void {
  if (!url.includes('%00')) return;
  const query = url.indexOf('?');
  const inPath = url.slice(0, query === -1 ? undefined : query).includes('%00');
  throw new TerapiError(inPath ? 'invalid_uri_params' : 'invalid_query_params', `The ${inPath ? 'URL path' : 'query string'} holds a NUL character (%00); terapi cannot store it. Remove it.`, {
    errors: [{ code: 'invalid_string', message: 'NUL characters (%00) are not accepted', path: [] }],
  });
}
