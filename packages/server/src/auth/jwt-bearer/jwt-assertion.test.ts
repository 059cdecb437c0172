import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { TerapiError } from '../../errors/terapi-error.js';
import { signAssertion } from './jwt-assertion.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const claims = { issuer: '3MVG9consumer', subject: 'admin@acme.example', audience: 'https://login.salesforce.com', expiresInSeconds: 300 };

test('the assertion is RS256 with iss, sub, aud and exp as Salesforce wants them, verifiable with the certificate key', async () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  for (const pem of [
    privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n'), // pasted into JSON
    privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, ''), // pasted into a one-line input
    privateKey.export({ type: 'pkcs1', format: 'pem' }).toString().replace(/\n/g, ' '),
  ]) {
    const jwt = await signAssertion(pem, claims, now);
    assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'RS256' });
    const { payload } = await jwtVerify(jwt, publicKey, { algorithms: ['RS256'], currentDate: new Date(now) });
    assert.deepEqual(payload, { iss: claims.issuer, sub: claims.subject, aud: claims.audience, iat: now / 1000, exp: now / 1000 + 300 });
  }
});

test('each call signs a new assertion (a refresh never replays one)', async () => {
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const a = await signAssertion(pem, claims, 1_000_000);
  const b = await signAssertion(pem, claims, 2_000_000);
  assert.notEqual(a, b);
});

test('a key that is not an RSA private key is invalid_private_key', async () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  for (const pem of ['not a key', ec, publicKey.export({ type: 'spki', format: 'pem' }).toString()]) {
    await assert.rejects(signAssertion(pem, claims), (err: unknown) => err instanceof TerapiError && err.code === 'invalid_private_key' && err.status === 400);
  }
});
