import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestTerapi, type TestTerapi } from '../testing/test-terapi.js';
import { registeredErrorCodes } from '../errors/error-registry.js';
import { openApiPath, operationKey } from './openapi-document.js';
import { jsonSchemaOf } from './request-description.js';
import type { z } from 'zod';

let t: TestTerapi;
before(async () => {
  t = await startTestTerapi();
});
after(async () => {
  await t.close();
});

type Parameter = { name: string; in: string; required: boolean; schema: Record<string, unknown> };
type Operation = { summary: string; security: Array<Record<string, string[]>>; parameters?: Parameter[]; requestBody?: { required: boolean; content: Record<string, { schema: Record<string, unknown> }> }; responses: Record<string, unknown> };
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

test('every route that takes a body declares its schema, and a declared params schema names every path parameter', () => {
  const routes = t.routes.list().filter((r) => r.contract);
  const bodyless = routes.filter((r) => ['POST', 'PUT', 'PATCH', 'ALL'].includes(r.method) && r.contract!.body === undefined).map(operationKey);
  assert.deepEqual(bodyless, [], "declare these routes' body schema (or body: 'raw' for a route that reads the stream itself) in their declareRoute contract");
  for (const r of routes) {
    const inUrl = [...r.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
    if (inUrl.length === 0) continue;
    assert.ok(r.contract!.params, `${operationKey(r)} declares a params schema`);
    const declared = Object.keys(jsonSchemaOf(r.contract!.params).properties as object);
    assert.deepEqual(declared.sort(), [...inUrl].sort(), `${operationKey(r)}'s params schema names its path parameters`);
  }
});

test("the document's request bodies and parameters are the declared schemas", async () => {
  const { doc } = await fetchDoc();
  const contract = (method: string, url: string) => t.routes.list().find((r) => r.method === method && r.url === url)!.contract!;

  const create = doc.paths['/connect/sessions']!.post!.requestBody!;
  const schema = create.content['application/json']!.schema as { properties: Record<string, { properties?: Record<string, { maxLength?: number }> }>; additionalProperties: unknown };
  assert.deepEqual(schema, jsonSchemaOf(contract('POST', '/connect/sessions').body as z.ZodType));
  assert.deepEqual(Object.keys(schema.properties).sort(), ['allowed_integrations', 'end_user', 'integrations_config_defaults', 'organization', 'overrides', 'tags', 'webhook_url_override']);
  assert.equal(schema.additionalProperties, false, 'unknown keys are refused');
  assert.equal(schema.properties.end_user!.properties!.id!.maxLength, 255);
  assert.equal(create.required, true, 'an empty body is refused (end_user or tags)');

  const records = doc.paths['/records']!.get!.parameters!;
  const model = records.find((p) => p.name === 'model')!;
  assert.deepEqual([model.in, model.required, model.schema.type], ['query', true, 'string']);
  assert.deepEqual(records.filter((p) => p.in === 'header').map((p) => [p.name, p.required]), [['connection-id', true], ['provider-config-key', true]]);
  const connectionId = doc.paths['/connections/{connectionId}']!.get!.parameters!.find((p) => p.in === 'path')!;
  assert.equal(connectionId.schema.maxLength, 255);
  assert.deepEqual(Object.keys(doc.paths['/proxy/{path}']!.post!.requestBody!.content), ['*/*'], 'the proxy takes any body');
  assert.equal(doc.paths['/proxy/{path}']!.get!.requestBody, undefined);
});
