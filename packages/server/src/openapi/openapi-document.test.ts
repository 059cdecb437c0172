import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';
import { registeredErrorCodes } from '../errors/error-registry.js';
import { openApiPath, operationKey } from './openapi-document.js';

let t: TestTerapi;
before(async () => {
  t = await startTestTerapi();
});
after(async () => {
  await t.close();
});

type Operation = { summary: string; security: Array<Record<string, string[]>>; parameters?: Array<{ name: string; in: string; required: boolean }>; responses: Record<string, unknown> };
type Doc = { openapi: string; info: { version: string }; servers: Array<{ url: string }>; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown>; schemas: { Error: { properties: { error: { properties: { code: { enum: string[] } } } } } } } };

async function fetchDoc(): Promise<{ status: number; type: string | null; doc: Doc }> {
  const res = await fetch(`${t.url}/openapi.json`);
  return { status: res.status, type: res.headers.get('content-type'), doc: (await res.json()) as Doc };
}

test('GET /openapi.json answers an OpenAPI 3.1 document without a key', async () => {
  const { status, type, doc } = await fetchDoc();
  assert.equal(status, 200);
  assert.match(type ?? '', /^application\/json/);
  assert.equal(doc.openapi, '3.1.0');
  assert.match(doc.info.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(doc.servers, [{ url: t.services.config.serverUrl }]);
});

test('every route the server serves is described, and nothing it does not serve', async () => {
  const routes = t.routes.list();
  const undeclared = routes.filter((r) => !r.contract && r.method !== 'OPTIONS').map(operationKey);
  assert.deepEqual(undeclared, [], 'register these routes with declareRoute (http/route-contract.ts)');
  for (const r of routes) if (r.contract) assert.equal(operationKey(r), `${r.contract.method} ${r.contract.url}`, 'a route is served as it declares itself');
  const { doc } = await fetchDoc();
  for (const route of routes) {
    if (route.method === 'OPTIONS') continue;
    const { path } = openApiPath(route.url);
    const method = route.method === 'ALL' ? 'get' : route.method.toLowerCase();
    assert.ok(doc.paths[path]?.[method], `${route.method} ${route.url} is in the document as ${method} ${path}`);
  }
  assert.ok(doc.paths['/proxy/{path}']?.post && doc.paths['/proxy/{path}']?.patch, 'ALL /proxy/* is described for every method');
});

test('operations name their path parameters, their security and the error envelope with every error code', async () => {
  const { doc } = await fetchDoc();
  const schemes = Object.keys(doc.components.securitySchemes);
  for (const [path, item] of Object.entries(doc.paths)) {
    const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const [method, op] of Object.entries(item)) {
      assert.ok(op.summary, `${method} ${path} has a summary`);
      assert.deepEqual((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name), inPath, `${method} ${path} declares its path parameters`);
      for (const requirement of op.security) for (const name of Object.keys(requirement)) assert.ok(schemes.includes(name), `${name} is a declared scheme`);
      assert.ok(op.responses['4XX'], `${method} ${path} documents its errors`);
    }
  }
  assert.deepEqual(doc.paths['/connections/{connectionId}']!.get!.security, [{ secretKey: [] }]);
  assert.deepEqual(doc.paths['/health']!.get!.security, []);
  assert.deepEqual(doc.paths['/oauth/connect/{providerConfigKey}']!.get!.security, [{ connectSessionTokenQuery: [] }]);
  assert.deepEqual(doc.components.schemas.Error.properties.error.properties.code.enum, registeredErrorCodes().map((c) => c.code).sort());
});
