// issue 9 point 9: a JSON body nested thousands deep parses, then overflows the stack of whatever walks it
// next (zod, the unstorable-text walk, JSON.stringify for jsonb) as a 500. The one JSON body parser refuses
// it first, from the text, so no recursive code ever sees it.
import { TerapiError } from '../errors/terapi-error.js';

/** Deepest nesting of arrays and objects a JSON body may have; documented in docs/operations.md. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** Throws invalid_body when brackets outside strings nest deeper than MAX_JSON_DEPTH. */
export function refuseDeepJson(text: string): void {
  // Each level needs its own bracket: shorter text cannot be too deep (the common case scans nothing).
  if (text.length <= MAX_JSON_DEPTH) return;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > MAX_JSON_DEPTH) {
        throw new TerapiError('invalid_body.too_deep', { limit: MAX_JSON_DEPTH }, {
          errors: [{ code: 'too_deep', message: `JSON nesting is limited to ${MAX_JSON_DEPTH} levels`, path: [] }],
        });
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
}
