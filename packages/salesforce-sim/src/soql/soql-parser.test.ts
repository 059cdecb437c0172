import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSoql } from './soql-parser.js';
import { SoqlError } from './soql-error.js';

test('parses fields, relationship paths, where, order by, limit and offset', () => {
  const q = parseSoql("SELECT Id, Account.Name FROM Contact WHERE (Name LIKE 'A%' OR Email = null) AND NOT IsDeleted = true ORDER BY Name DESC NULLS FIRST, Id LIMIT 10 OFFSET 5");
  assert.deepEqual(q.select.map((s) => (s.kind === 'field' ? s.field.path : 'count')), [['Id'], ['Account', 'Name']]);
  assert.equal(q.from, 'Contact');
  assert.equal(q.where?.kind, 'and');
  assert.deepEqual(q.orderBy.map((o) => [o.field.path.join('.'), o.descending, o.nullsLast]), [['Name', true, false], ['Id', false, false]]);
  assert.equal(q.limit, 10);
  assert.equal(q.offset, 5);
});

test('date and datetime literals are unquoted; date literals take :n', () => {
  const q = parseSoql('SELECT Id FROM Account WHERE SystemModstamp > 2024-01-01T00:00:00.000Z AND CloseDate = 2024-05-01 AND CreatedDate = LAST_N_DAYS:7');
  const lits: unknown[] = [];
  const walk = (c: NonNullable<typeof q.where>): void => {
    if (c.kind === 'and' || c.kind === 'or') { walk(c.left); walk(c.right); } else if (c.kind === 'compare') lits.push(c.value);
  };
  walk(q.where!);
  assert.deepEqual(lits, [
    { kind: 'datetime', value: Date.UTC(2024, 0, 1) },
    { kind: 'date', value: '2024-05-01' },
    { kind: 'dateLiteral', name: 'LAST_N_DAYS', n: 7 },
  ]);
});

test('string escapes are decoded', () => {
  const q = parseSoql("SELECT Id FROM Account WHERE Name = 'O\\'Brien'");
  assert.equal(q.where?.kind === 'compare' && q.where.value.kind === 'string' && q.where.value.value, "O'Brien");
});

test('COUNT() and IN / NOT IN', () => {
  const q = parseSoql("SELECT COUNT() FROM Lead WHERE Status NOT IN ('A', 'B')");
  assert.deepEqual(q.select, [{ kind: 'count' }]);
  assert.equal(q.where?.kind === 'in' && q.where.negated, true);
});

test('a syntax error is MALFORMED_QUERY with the caret message of Salesforce', () => {
  assert.throws(() => parseSoql('SELECT Id FROM Account WHERE'), (e: unknown) => {
    assert.ok(e instanceof SoqlError);
    assert.equal(e.errorCode, 'MALFORMED_QUERY');
    assert.equal(e.message, '\nSELECT Id FROM Account WHERE\n                            ^\nERROR at Row:1:Column:29\nunexpected token: <EOF>');
    return true;
  });
  assert.throws(() => parseSoql('SELEC Id FROM Account'), { errorCode: 'MALFORMED_QUERY' });
  assert.throws(() => parseSoql('SELECT Id FROM Account LIMIT x'), { errorCode: 'MALFORMED_QUERY' });
  assert.throws(() => parseSoql("SELECT Id FROM Account WHERE Name = 'open"), { errorCode: 'MALFORMED_QUERY' });
});
