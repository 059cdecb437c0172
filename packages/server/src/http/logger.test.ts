// TERAPI_LOG_FORMAT (issue 10 point 8): readable lines on a terminal, JSON lines for a pipe or a collector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from './logger.js';
import type { LogFormat } from '../config/config.js';

function output(isTTY: boolean): { out: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(out, { isTTY });
  return { out, text: () => text };
}

function logOne(format: LogFormat, isTTY: boolean): string {
  const o = output(isTTY);
  const logger = createLogger('info', format, o.out);
  logger.info({ connection: 'c-1', tokens: { access_token: 'SECRET' } }, 'refresh failed');
  logger.flush();
  return o.text();
}

test('auto on a terminal: one readable line with time, level, message and fields; secrets still redacted', () => {
  const line = logOne('auto', true).replace(/\x1b\[[0-9;]*m/g, '');
  assert.match(line, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: refresh failed \{.*"connection":"c-1".*\}\n$/);
  assert.match(line, /"tokens":\{"access_token":"\[redacted\]"\}/);
  assert.doesNotMatch(line, /SECRET|"level"|"service"/);
});

test('auto on a pipe, and json anywhere: one JSON object per line', () => {
  for (const [format, isTTY] of [['auto', false], ['json', true]] as const) {
    const record = JSON.parse(logOne(format, isTTY)) as Record<string, unknown>;
    assert.equal(record.msg, 'refresh failed');
    assert.equal(record.level, 30);
    assert.deepEqual(record.tokens, { access_token: '[redacted]' });
  }
});

test('pretty on a pipe: readable, without colour codes', () => {
  const line = logOne('pretty', false);
  assert.match(line, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: refresh failed /);
  assert.doesNotMatch(line, /\x1b\[/);
});

test('a secret is redacted at the top level of a log call as well as one level down', () => {
  const o = output(false);
  const logger = createLogger('info', 'json', o.out);
  logger.info({ access_token: 'TOP-SECRET', refresh_token: 'TOP-REFRESH', client_secret: 'TOP-CS', nested: { password: 'PW' } }, 'tokens');
  logger.flush();
  const record = JSON.parse(o.text()) as Record<string, unknown>;
  assert.equal(record.access_token, '[redacted]');
  assert.equal(record.refresh_token, '[redacted]');
  assert.equal(record.client_secret, '[redacted]');
  assert.deepEqual(record.nested, { password: '[redacted]' });
  assert.doesNotMatch(o.text(), /TOP-|PW/);
});
