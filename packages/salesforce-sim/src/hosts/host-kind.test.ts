import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostnameOf, isBareHost, loginHostFor } from './host-kind.js';

test('host header loses its port and case', () => {
  assert.equal(hostnameOf('Acme.My.Salesforce.com:9100'), 'acme.my.salesforce.com');
  assert.equal(hostnameOf('[::1]:8080'), '[::1]');
  assert.equal(hostnameOf(undefined), '');
});

test('loopback names are the bare origin', () => {
  assert.equal(isBareHost('127.0.0.1'), true);
  assert.equal(isBareHost('localhost'), true);
  assert.equal(isBareHost('login.salesforce.com'), false);
});

test('sandboxes log in at test.salesforce.com', () => {
  assert.equal(loginHostFor(true), 'test.salesforce.com');
  assert.equal(loginHostFor(false), 'login.salesforce.com');
});
