import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvValue, parseCsv } from './csv-rows.js';

test('Bulk result CSV: quoted values with doubled quotes, delimiters and newlines; empty is null (spec/salesforce.md §4.5)', () => {
  const text = '"Id","Name","Description","Paid__c"\n"a01","Acme, ""Gold""","line 1\nline 2",""\r\n"a02","Plain",,"true"\n';
  assert.deepEqual(parseCsv(text), [
    { Id: 'a01', Name: 'Acme, "Gold"', Description: 'line 1\nline 2', Paid__c: null },
    { Id: 'a02', Name: 'Plain', Description: null, Paid__c: 'true' },
  ]);
  assert.deepEqual(parseCsv('"Id"\n'), []);
});

test('CSV values take the type describe gives their field', () => {
  assert.equal(csvValue('true', 'boolean'), true);
  assert.equal(csvValue('false', 'boolean'), false);
  assert.equal(csvValue('12.5', 'currency'), 12.5);
  assert.equal(csvValue('3', 'int'), 3);
  assert.equal(csvValue('2024-01-02T17:38:59.000Z', 'datetime'), '2024-01-02T17:38:59.000Z');
  assert.equal(csvValue(null, 'boolean'), null);
});
