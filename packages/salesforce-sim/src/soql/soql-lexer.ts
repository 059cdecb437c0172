import { SoqlError } from './soql-error.js';

export type TokenKind = 'ident' | 'string' | 'number' | 'date' | 'datetime' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Decoded value for strings. */
  value?: string;
  offset: number;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\w:])/;
const NUMBER = /^-?\d+(\.\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/;
const PUNCT = /^(!=|<>|<=|>=|[(),=<>:])/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\', '%': '\\%', _: '\\_' };

/** Splits SOQL into tokens; date and datetime literals are unquoted (spec/salesforce.md §0). */
export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = query.slice(i);
    if (c === "'") {
      let j = i + 1;
      let value = '';
      for (;;) {
        const ch = query[j];
        if (ch === undefined) throw SoqlError.at('MALFORMED_QUERY', query, i, `line 1:${i} mismatched character '<EOF>' expecting '''`);
        if (ch === "'") break;
        if (ch === '\\') {
          const next = query[j + 1] ?? '';
          const decoded = ESCAPES[next];
          if (decoded === undefined) throw SoqlError.at('MALFORMED_QUERY', query, j, `Invalid string literal '${query.slice(i, j + 2)}'. Illegal character sequence '\\${next}' in string literal.`);
          value += decoded;
          j += 2;
          continue;
        }
        value += ch;
        j++;
      }
      tokens.push({ kind: 'string', text: query.slice(i, j + 1), value, offset: i });
      i = j + 1;
      continue;
    }
    const m =
      (DATETIME.exec(rest) && { kind: 'datetime' as const, m: DATETIME.exec(rest)! }) ||
      (DATE.exec(rest) && { kind: 'date' as const, m: DATE.exec(rest)! }) ||
      (NUMBER.exec(rest) && { kind: 'number' as const, m: NUMBER.exec(rest)! }) ||
      (IDENT.exec(rest) && { kind: 'ident' as const, m: IDENT.exec(rest)! }) ||
      (PUNCT.exec(rest) && { kind: 'punct' as const, m: PUNCT.exec(rest)! });
    if (!m) throw SoqlError.at('MALFORMED_QUERY', query, i, `unexpected token: '${c}'`);
    tokens.push({ kind: m.kind, text: m.m[0], offset: i });
    i += m.m[0].length;
  }
  tokens.push({ kind: 'eof', text: '<EOF>', offset: query.length });
  return tokens;
}
