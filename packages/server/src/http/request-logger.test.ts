// req.log makes pino's child on the first line logged: the line is the one the child would write (request id
// bound, redaction kept), and a request that logs nothing makes no child.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { RequestLogger } from './request-logger.js';

function capture(): { logger: pino.Logger; lines: () => Array<Record<string, unknown>> } {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  const logger = pino({ level: 'info', base: { service: 'terapi' }, redact: { paths: ['token'], censor: '[redacted]' } }, out);
  return { logger, lines: () => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

test('a line logged through the deferred child equals the child made at once', () => {
  const a = capture();
  const b = capture();
  RequestLogger.factory(a.logger, { reqId: 'r-1' }, {}).info({ code: 'x', token: 'SECRET' }, 'failed %s', 'here');
  a.logger.child({ reqId: 'r-1' }, {}).info({ code: 'x', token: 'SECRET' }, 'failed %s', 'here');
  b.logger.child({ reqId: 'r-1' }, {}).info({ code: 'x', token: 'SECRET' }, 'failed %s', 'here');
  const [deferred, direct] = a.lines().map(({ time: _t, ...rest }) => rest);
  assert.deepEqual(deferred, direct);
  assert.equal(deferred!.reqId, 'r-1');
  assert.equal(deferred!.token, '[redacted]');
  assert.equal(deferred!.msg, 'failed here');
});

test('levels: below the level nothing is written; the level reads as the parent\'s', () => {
  const a = capture();
  const log = RequestLogger.factory(a.logger, { reqId: 'r-2' }, {});
  assert.equal(log.level, 'info');
  log.debug('not written');
  log.error(new Error('boom'));
  const lines = a.lines();
  assert.equal(lines.length, 1);
  assert.equal(lines[0]!.reqId, 'r-2');
});

test('a request that logs nothing makes no child', () => {
  const a = capture();
  let children = 0;
  const parent = Object.assign(Object.create(a.logger) as pino.Logger, { child: () => (children++, a.logger) });
  RequestLogger.factory(parent, { reqId: 'r-3' }, {});
  assert.equal(children, 0);
});
