// The URLs split by hand go where the WHATWG parser would send them (the code before issue 15 point 1 parsed
// every URL twice): same origin dialled, request line, Host header and SSRF facts, mapped or not, for plain
// URLs and for every near miss that must take the parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutboundTargets, ORIGIN_CACHE_MAX_ENTRIES, type ResolvedTarget } from './outbound-targets.js';
import { parseUpstreamMap } from './upstream-map.js';
import { isForbiddenAddress } from './private-network-guard.js';

const map = parseUpstreamMap('login.salesforce.com=http://127.0.0.1:9100,*.my.salesforce.com=http://127.0.0.1:9101');

/** What OutboundHttp did before: parse, then re-base path and query on the mapped origin. */
function byTheParser(target: string): ResolvedTarget {
  const url = new URL(target);
  const mapped = map.originFor(url.hostname);
  const to = mapped ? new URL(url.pathname + url.search, mapped) : url;
  return {
    origin: { dial: to.origin, host: url.host, mapped: mapped !== undefined, hostname: url.hostname, forbiddenLiteral: isForbiddenAddress(url.hostname) },
    path: to.pathname + to.search,
  };
}

const origins = ['https://acme.my.salesforce.com', 'https://login.salesforce.com', 'https://ACME.My.Salesforce.com', 'https://api.example.com:443', 'http://api.example.com:8080', 'https://10.0.0.1', 'http://127.0.0.1:9', 'https://[::1]:8443', 'http://2130706433', 'https://example.com.'];
const rests = [
  '/',
  '/services/data/v60.0/query?q=SELECT%20Id%2C%20Name%20FROM%20Account%20ORDER%20BY%20Name%20LIMIT%205',
  '/services/data/v60.0/sobjects/Account/001xx000003DGb2AAG',
  '/a/b?x=1&y=2&x=3',
  '/a?',
  '/a??b',
  '/a?q=SELECT+Id+FROM+Account',
  "/a?q=Name%20%3D%20'Acme'",
  "/it's/fine",
  '/a b',
  '/a?b c',
  '/a#frag',
  '/a?b#frag',
  '/a/./b',
  '/a/../b',
  '/a/%2e%2E/b',
  '/a/.well-known',
  '//evil.example/x',
  '/a//b',
  '/a\\b',
  '/a?x=\\',
  '/a%zz',
  '/é?q=é',
  '/a|b?c|d',
  '/a{b}?c{d}',
  '/a^b',
  '/a"b',
  '/a<b>',
  '/a\tb',
  '/a?x=1;y=2',
  "/a?x=(1)!*~$@:,/",
];

test('every URL resolves as the parser resolves it, first and second time (cached origin)', () => {
  const targets = new OutboundTargets(map);
  for (const origin of origins) {
    for (const rest of rests) {
      const url = origin + rest;
      for (const round of [1, 2]) assert.deepEqual(targets.resolve(url), byTheParser(url), `${url} (round ${round})`);
    }
  }
});

test('URL objects, userinfo and upper-case schemes take the parser', () => {
  const targets = new OutboundTargets(map);
  for (const url of ['https://user:pw@acme.my.salesforce.com/a', 'HTTPS://acme.my.salesforce.com/a', 'https://acme.my.salesforce.com', 'https://acme.my.salesforce.com?x=1']) {
    assert.deepEqual(targets.resolve(url), byTheParser(url), url);
    assert.deepEqual(targets.resolve(new URL(url)), byTheParser(url), `${url} as a URL`);
  }
  assert.throws(() => targets.resolve('https://a:b:c/x'), TypeError);
});

test('the origin cache stays bounded', () => {
  const targets = new OutboundTargets(map);
  for (let i = 0; i < ORIGIN_CACHE_MAX_ENTRIES * 2; i++) targets.resolve(`https://org${i}.my.salesforce.com/x`);
  assert.equal(targets.size, ORIGIN_CACHE_MAX_ENTRIES);
});
