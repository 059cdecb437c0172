import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvValue, parseCsv, parseCsvTyped } from './csv-rows.js';

test('Bulk result CSV: quoted values with doubled quotes, delimiters and newlines; empty is null (spec/salesforce.md §4.5)', () => {
  const text = '"Id","Name","Description","Paid__c"\n"a01","Acme, ""Gold""","line 1\nline 2",""\r\n"a02","Plain",,"true"\n';
  assert.deepEqual(parseCsv(text), [
    { Id: 'a01', Name: 'Acme, "Gold"', Description: 'line 1\nline 2', Paid__c: null },
    { Id: 'a02', Name: 'Plain', Description: null, Paid__c: 'true' },
  ]);
  assert.deepEqual(parseCsv('"Id"\n'), []);
  assert.deepEqual(parseCsv(''), []);
  // No final newline; a last empty cell; CRLF lines; unquoted cells.
  assert.deepEqual(parseCsv('Id,Name\r\na1,\r\na2,"x"'), [{ Id: 'a1', Name: null }, { Id: 'a2', Name: 'x' }]);
  assert.deepEqual(parseCsv('A|B\n1|2\n', '|'), [{ A: '1', B: '2' }]);
});

test('parseCsvTyped types each value as it reads it', () => {
  const types: Record<string, string> = { Amount: 'currency', Paid: 'boolean' };
  assert.deepEqual(parseCsvTyped('"Id","Amount","Paid"\n"a1","12.5","true"\n"a2","",""\n', (f, v) => csvValue(v, types[f])), [
    { Id: 'a1', Amount: 12.5, Paid: true },
    { Id: 'a2', Amount: null, Paid: null },
  ]);
});

test('CSV values take the type describe gives their field', () => {
  assert.equal(csvValue('true', 'boolean'), true);
  assert.equal(csvValue('false', 'boolean'), false);
  assert.equal(csvValue('12.5', 'currency'), 12.5);
  assert.equal(csvValue('3', 'int'), 3);
  assert.equal(csvValue('2024-01-02T17:38:59.000Z', 'datetime'), '2024-01-02T17:38:59.000Z');
  assert.equal(csvValue(null, 'boolean'), null);
});
