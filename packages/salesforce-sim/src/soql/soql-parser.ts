import type { ComparisonOp, Condition, FieldRef, Literal, OrderItem, SelectItem, SoqlQuery } from './soql-ast.js';
import { SoqlError } from './soql-error.js';
import { type Token, tokenize } from './soql-lexer.js';
import { DATE_LITERALS, DATE_LITERALS_WITH_N } from './date-literals.js';
import { parseDatetime } from '../data/salesforce-datetime.js';

const RESERVED = new Set(['select', 'from', 'where', 'and', 'or', 'not', 'in', 'like', 'order', 'by', 'limit', 'offset', 'null', 'true', 'false', 'asc', 'desc', 'nulls', 'group', 'having']);

/** Recursive-descent parser for the supported SOQL subset; anything else is MALFORMED_QUERY (spec/salesforce.md §3.5). */
export function parseSoql(text: string): SoqlQuery {
  return new Parser(text).parseQuery();
}

class Parser {
  private readonly tokens: Token[];
  private pos = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  parseQuery(nested = false): SoqlQuery {
    this.expectKeyword('select');
    const select = this.parseSelectList(nested);
    this.expectKeyword('from');
    const fromToken = this.peek();
    if (fromToken.kind !== 'ident' || fromToken.text.includes('.')) throw this.unexpected(fromToken);
    this.pos++;
    const query: SoqlQuery = { text: this.text, select, from: fromToken.text, fromOffset: fromToken.offset, orderBy: [] };
    if (this.peek().kind === 'ident' && !RESERVED.has(this.peek().text.toLowerCase())) this.pos++; // object alias
    if (this.acceptKeyword('where')) query.where = this.parseOr();
    if (this.acceptKeyword('order')) {
      this.expectKeyword('by');
      query.orderBy = this.parseOrderBy();
    }
    if (this.acceptKeyword('limit')) query.limit = this.parseInteger();
    if (this.acceptKeyword('offset')) query.offset = this.parseInteger();
    const end = this.peek();
    if (nested ? !(end.kind === 'punct' && end.text === ')') : end.kind !== 'eof') throw this.unexpected(end);
    return query;
  }

  private parseSelectList(nested: boolean): SelectItem[] {
    const items: SelectItem[] = [];
    do {
      const t = this.peek();
      if (!nested && t.kind === 'punct' && t.text === '(') {
        this.pos++;
        items.push({ kind: 'subquery', query: this.parseQuery(true) });
        this.expectPunct(')');
      } else if (t.kind === 'ident' && t.text.toLowerCase() === 'fields' && this.peek(1).text === '(') {
        this.pos += 2;
        const which = this.peek().text.toUpperCase();
        if (which !== 'ALL' && which !== 'STANDARD' && which !== 'CUSTOM') throw this.unexpected(this.peek());
        this.pos++;
        this.expectPunct(')');
        items.push({ kind: 'fields', which, offset: t.offset });
      } else if (t.kind === 'ident' && t.text.toLowerCase() === 'count' && this.peek(1).text === '(') {
        this.pos += 2;
        let field: FieldRef | undefined;
        if (this.peek().text !== ')') field = this.parseFieldRef();
        this.expectPunct(')');
        let alias: string | undefined;
        const next = this.peek();
        if (next.kind === 'ident' && !RESERVED.has(next.text.toLowerCase()) && !next.text.includes('.')) {
          alias = next.text;
          this.pos++;
        }
        items.push(field ? { kind: 'count', field, ...(alias ? { alias } : {}) } : { kind: 'count' });
      } else {
        items.push({ kind: 'field', field: this.parseFieldRef() });
      }
    } while (this.acceptPunct(','));
    if (items.some((i) => i.kind === 'count' && !i.field) && items.length > 1) {
      throw SoqlError.at('MALFORMED_QUERY', this.text, this.peek().offset, 'COUNT() must be the only element in the SELECT list.');
    }
    return items;
  }

  private parseFieldRef(): FieldRef {
    const t = this.peek();
    if (t.kind !== 'ident' || RESERVED.has(t.text.toLowerCase())) throw this.unexpected(t);
    this.pos++;
    return { path: t.text.split('.'), offset: t.offset };
  }

  private parseOr(): Condition {
    let left = this.parseAnd();
    while (this.acceptKeyword('or')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Condition {
    let left = this.parseUnary();
    while (this.acceptKeyword('and')) left = { kind: 'and', left, right: this.parseUnary() };
    return left;
  }

  private parseUnary(): Condition {
    if (this.acceptKeyword('not')) return { kind: 'not', operand: this.parseUnary() };
    if (this.acceptPunct('(')) {
      const inner = this.parseOr();
      this.expectPunct(')');
      return inner;
    }
    const field = this.parseFieldRef();
    const opToken = this.peek();
    const lower = opToken.text.toLowerCase();
    if (opToken.kind === 'ident' && (lower === 'in' || lower === 'not')) {
      this.pos++;
      const negated = lower === 'not';
      if (negated) this.expectKeyword('in');
      const valueOffset = this.peek().offset;
      this.expectPunct('(');
      if (this.peek().kind === 'ident' && this.peek().text.toLowerCase() === 'select') {
        const query = this.parseQuery(true);
        this.expectPunct(')');
        return { kind: 'inQuery', field, negated, query, valueOffset };
      }
      const values: Literal[] = [];
      do values.push(this.parseLiteral());
      while (this.acceptPunct(','));
      this.expectPunct(')');
      return { kind: 'in', field, negated, values, valueOffset };
    }
    let op: ComparisonOp;
    if (opToken.kind === 'ident' && lower === 'like') op = 'like';
    else if (opToken.kind === 'punct' && ['=', '!=', '<>', '<', '<=', '>', '>='].includes(opToken.text)) {
      op = (opToken.text === '<>' ? '!=' : opToken.text) as ComparisonOp;
    } else throw this.unexpected(opToken);
    this.pos++;
    const valueOffset = this.peek().offset;
    return { kind: 'compare', field, op, value: this.parseLiteral(), valueOffset };
  }

  private parseLiteral(): Literal {
    const t = this.peek();
    this.pos++;
    switch (t.kind) {
      case 'string': return { kind: 'string', value: t.value ?? '' };
      case 'number': return { kind: 'number', value: Number(t.text) };
      case 'date': return { kind: 'date', value: t.text };
      case 'datetime': {
        const ms = parseDatetime(t.text);
        if (ms === undefined) break;
        return { kind: 'datetime', value: ms };
      }
      case 'ident': {
        const lower = t.text.toLowerCase();
        if (lower === 'null') return { kind: 'null' };
        if (lower === 'true' || lower === 'false') return { kind: 'boolean', value: lower === 'true' };
        const upper = t.text.toUpperCase();
        if (DATE_LITERALS.has(upper)) return { kind: 'dateLiteral', name: upper };
        if (DATE_LITERALS_WITH_N.has(upper) && this.acceptPunct(':')) {
          const n = this.peek();
          if (n.kind !== 'number' || !/^\d+$/.test(n.text)) throw this.unexpected(n);
          this.pos++;
          return { kind: 'dateLiteral', name: upper, n: Number(n.text) };
        }
        break;
      }
      default: break;
    }
    this.pos--;
    throw this.unexpected(t);
  }

  private parseOrderBy(): OrderItem[] {
    const items: OrderItem[] = [];
    do {
      const field = this.parseFieldRef();
      let descending = false;
      if (this.acceptKeyword('desc')) descending = true;
      else this.acceptKeyword('asc');
      // SOQL default: ascending sorts nulls first, descending sorts nulls last.
      let nullsLast = descending;
      if (this.acceptKeyword('nulls')) {
        if (this.acceptKeyword('last')) nullsLast = true;
        else {
          this.expectKeyword('first');
          nullsLast = false;
        }
      }
      items.push({ field, descending, nullsLast });
    } while (this.acceptPunct(','));
    return items;
  }

  private parseInteger(): number {
    const t = this.peek();
    if (t.kind !== 'number' || !/^\d+$/.test(t.text)) throw this.unexpected(t);
    this.pos++;
    return Number(t.text);
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }

  private acceptKeyword(word: string): boolean {
    const t = this.peek();
    if (t.kind === 'ident' && t.text.toLowerCase() === word) {
      this.pos++;
      return true;
    }
    return false;
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw this.unexpected(this.peek());
  }

  private acceptPunct(p: string): boolean {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === p) {
      this.pos++;
      return true;
    }
    return false;
  }

  private expectPunct(p: string): void {
    if (!this.acceptPunct(p)) throw this.unexpected(this.peek());
  }

  private unexpected(t: Token): SoqlError {
    return SoqlError.at('MALFORMED_QUERY', this.text, t.offset, `unexpected token: ${t.kind === 'eof' ? '<EOF>' : t.text}`);
  }
}
