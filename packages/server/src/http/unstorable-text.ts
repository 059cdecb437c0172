// Requests carrying text PostgreSQL cannot store (database/storable-text.ts) would fail a write deep inside
// a route as a 500; they are refused at the edge instead, with the place named: `%00` in the URL, a
// `\u0000` or a lone `\ud800`…`\udfff` in a JSON body's strings or keys.
import { TerapiError } from '../errors/terapi-error.js';
import { unstorablePath } from '../database/storable-text.js';

/** JSON can carry a NUL or a lone surrogate only as an escape: bodies without one skip the walk. */
const UNSTORABLE_ESCAPE = /\\u(0000|[dD][89a-fA-F])/;

/** Throws invalid_body when a parsed JSON body (its source text given) holds unstorable text. */
export function refuseUnstorableBody(text: string, parsed: unknown): void {
  if (!UNSTORABLE_ESCAPE.test(text)) return;
  const path = unstorablePath(parsed);
  if (!path) return;
  const errors = [{ code: 'invalid_string', message: 'NUL characters and unpaired surrogates are not accepted', path }];
  throw path.length ? new TerapiError('invalid_body.unstorable_at', { path: path.join('.') }, { errors }) : new TerapiError('invalid_body.unstorable', undefined, { errors });
}

/**
 * A route that takes its raw URL as it is and stores nothing decoded from it (the proxy passes it to the
 * provider; the OAuth callback answers its own HTML error page) declares `rawUrl` (route-contract.ts): the
 * %00 check leaves it alone.
 */
export function acceptsRawUrl(routeConfig: unknown): boolean {
  return (routeConfig as { rawUrl?: boolean } | undefined)?.rawUrl === true;
}

/** Throws invalid_uri_params or invalid_query_params when the URL carries an encoded NUL (%00). */
export function refuseNulInUrl(url: string): void {
  if (!url.includes('%00')) return;
  const query = url.indexOf('?');
  const inPath = url.slice(0, query === -1 ? undefined : query).includes('%00');
  throw new TerapiError(inPath ? 'invalid_uri_params.nul' : 'invalid_query_params.nul', undefined, {
    errors: [{ code: 'invalid_string', message: 'NUL characters (%00) are not accepted', path: [] }],
  });
}
