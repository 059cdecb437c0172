import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idChecksum, isValidId18, makeSalesforceId, toId15 } from './salesforce-id.js';

test('checksum of a published id matches its 18-char form', () => {
  // spec/salesforce.md §1.3 example: 00D7F0000001I8v → 00D7F0000001I8vUAE
  assert.equal(idChecksum('00D7F0000001I8v'), 'UAE');
  assert.equal(idChecksum('0057F000000gXyZ'), 'QAU');
});

test('made ids have the prefix, 18 chars and a valid checksum', () => {
  const id = makeSalesforceId('00D', '5g0', 12345);
  assert.equal(id.length, 18);
  assert.ok(id.startsWith('00D5g0'));
  assert.ok(isValidId18(id));
  assert.equal(toId15(id), id.slice(0, 15));
});

test('an id with a wrong checksum is not valid', () => {
  const id = makeSalesforceId('005', '5g0', 7);
  assert.equal(isValidId18(`${id.slice(0, 15)}ZZZ`), id.endsWith('ZZZ'));
  assert.equal(isValidId18('short'), false);
});
