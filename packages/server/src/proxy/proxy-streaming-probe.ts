// Run as a child process by proxy-streaming.test.ts (issue 5 point 4): 200 MB down and 200 MB up through
// terapi's proxy, reporting the process's RSS growth. Everything in this process (client, terapi, byte
// source and sink) streams, so the growth bounds the proxy's. It also checks Decompress on a gzip answer.
// The simulator has no file endpoints, so the bytes come from (and go to) a plain loopback byte source and
// sink that TERAPI_UPSTREAM_MAP names as a Salesforce file host (`*.file.force.com`, one of the catalog's
// allowed hosts) and that Base-Url-Override points at.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { upstreamMapFor } from '@terapi/salesforce-sim';
import { freePort } from '../testing/test-terapi.js';
import { startProxyRig } from './proxy-test-rig.js';

const MB = 1024 * 1024;
const TOTAL = Number(process.argv[2] ?? 200) * MB;
const CHUNK = Buffer.alloc(64 * 1024, 0x5a);
const FILE_HOST = 'files.file.force.com';
const PLAIN_TEXT = 'compressed upstream answer '.repeat(100);
const GZIPPED = gzipSync(PLAIN_TEXT);

function bytes(total: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const n = Math.min(CHUNK.length, total - sent);
      sent += n;
      this.push(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n));
    },
  });
}

function byteServer(): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/gzipped')) {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip', 'content-length': String(GZIPPED.length) });
      res.end(GZIPPED);
      return;
    }
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(TOTAL) });
      bytes(TOTAL).pipe(res);
      return;
    }
    let received = 0;
    req.on('data', (c: Buffer) => (received += c.length));
    req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ received })));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const server = await byteServer();
const simPort = await freePort();
const simMap = upstreamMapFor(`http://127.0.0.1:${simPort}`);
const rig = await startProxyRig({ sim: { port: simPort }, terapi: { env: { TERAPI_UPSTREAM_MAP: `${simMap},${FILE_HOST}=http://127.0.0.1:${(server.address() as AddressInfo).port}` } } });
try {
  const headers = { authorization: `Bearer ${rig.t.devSecretKey}`, ...rig.proxyHeaders, 'Base-Url-Override': `https://${FILE_HOST}` };
  // Decompress (nango-api.md §7): false passes the encoded bytes through, true decodes them.
  const encoded = await request(`${rig.t.url}/proxy/gzipped`, { headers: { ...headers, Decompress: 'false' } });
  const encodedBytes = Buffer.from(await encoded.body.arrayBuffer());
  const decoded = await request(`${rig.t.url}/proxy/gzipped`, { headers: { ...headers, Decompress: 'true' } });
  const decodedText = await decoded.body.text();
  const decompress = {
    passedThrough: encodedBytes.equals(GZIPPED) && encoded.headers['content-encoding'] === 'gzip',
    decoded: decodedText === PLAIN_TEXT && decoded.headers['content-encoding'] === undefined,
  };
  // Warm up every path once so lazily built things are not counted as growth.
  await (await request(`${rig.t.url}/proxy/services/data/v60.0/limits`, { headers: { ...headers, 'Base-Url-Override': '' } })).body.text();
  globalThis.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);

  const down = await request(`${rig.t.url}/proxy/sfc/servlet.shepherd/version/download/068000000000001`, { headers });
  let downloaded = 0;
  for await (const chunk of down.body) downloaded += (chunk as Buffer).length;

  const up = await request(`${rig.t.url}/proxy/services/data/v60.0/sobjects/ContentVersion`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(TOTAL) },
    body: bytes(TOTAL),
  });
  const uploaded = ((await up.body.json()) as { received: number }).received;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  process.stdout.write(`${JSON.stringify({ decompress, downloadStatus: down.statusCode, downloaded, uploadStatus: up.statusCode, uploaded, growthMb: (peak - baseline) / MB })}\n`);
} finally {
  await rig.close();
  await new Promise((resolve) => server.close(resolve));
}
