import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isForbiddenAddress, ForbiddenAddressError } from './private-network-guard.js';
import { OutboundHttp } from './outbound-http.js';
import { parseUpstreamMap } from './upstream-map.js';

test('loopback, private, link-local, CGNAT, multicast and IPv4-mapped private addresses are forbidden; public ones are not', () => {
  for (const ip of ['127.0.0.1', '127.1.2.3', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '[::1]']) {
    assert.equal(isForbiddenAddress(ip), true, ip);
  }
  for (const ip of ['8.8.8.8', '172.32.0.1', '13.110.0.1', '2606:4700::1111', '::ffff:8.8.8.8', 'acme.my.salesforce.com']) {
    assert.equal(isForbiddenAddress(ip), false, ip);
  }
});

async function listen(): Promise<{ server: Server; port: number }> {
  const server = createServer((_req, res) => res.end('reached'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

test('a request to a loopback name or literal is refused by default before any byte is sent, while a mapped host may go there', async () => {
  const { server, port } = await listen();
  let hits = 0;
  server.on('request', () => hits++);
  const http = new OutboundHttp(parseUpstreamMap(`acme.my.salesforce.com=http://127.0.0.1:${port}`));
  try {
    for (const url of [`http://127.0.0.1:${port}/`, `http://localhost:${port}/`, `http://[::1]:${port}/`]) {
      await assert.rejects(http.request(url), (err: unknown) => err instanceof ForbiddenAddressError || (err as { code?: string }).code === 'ERR_TERAPI_UPSTREAM_ADDRESS_FORBIDDEN', url);
    }
    assert.equal(hits, 0);
    const mapped = await http.request('https://acme.my.salesforce.com/x');
    assert.equal(mapped.status, 200);
    assert.equal(await mapped.text(), 'reached');
    // Only a call site that says the URL is operator-configured (webhooks to a local app) may go there.
    const internal = await http.request(`http://127.0.0.1:${port}/`, { privateNetworkAllowed: { reason: 'test' } });
    assert.equal(await internal.text(), 'reached');
    assert.equal(hits, 2);
  } finally {
    await http.close();
    await new Promise((resolve) => server.close(resolve));
  }
});
