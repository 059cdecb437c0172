// What /openapi.json says a request takes, from the schemas its route declares (http/route-input.ts):
// path, query and header parameters and the request body, each a JSON Schema (2020-12, the dialect of
// OpenAPI 3.1) made by zod's own converter from the schema that validates the request, so the document
// cannot drift from what the server accepts. The input side is described (what a client sends, before
// coercions and transforms).
import { z } from 'zod';
import type { RouteContract } from '../http/route-contract.js';

type JsonSchema = Record<string, unknown>;

export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function propertiesOf(schema: z.ZodType | undefined): { properties: Record<string, JsonSchema>; required: string[] } {
  if (!schema) return { properties: {}, required: [] };
  const json = jsonSchemaOf(schema);
  return { properties: (json.properties ?? {}) as Record<string, JsonSchema>, required: (json.required ?? []) as string[] };
}

/** Methods whose requests carry no body in OpenAPI's reading (the proxy takes every method). */
const BODILESS = new Set(['get', 'head', 'options']);

export interface RequestDescription {
  parameters?: JsonSchema[];
  requestBody?: JsonSchema;
}

/** `pathParams` in the order the URL names them (openApiPath). */
export function describeRequest(contract: RouteContract, pathParams: string[], method: string): RequestDescription {
  const path = propertiesOf(contract.params);
  const query = propertiesOf(contract.query);
  const headers = propertiesOf(contract.headers);
  const parameters = [
    ...pathParams.map((name) => ({ name, in: 'path', required: true, schema: path.properties[name] ?? { type: 'string' } })),
    ...Object.entries(query.properties).map(([name, schema]) => ({
      name,
      in: 'query',
      required: query.required.includes(name),
      schema,
      // `params[hostname]=…`: qs-style nested keys (build-http-app.ts parses them so).
      ...(schema.type === 'object' ? { style: 'deepObject', explode: true } : {}),
    })),
    ...Object.entries(headers.properties).map(([name, schema]) => ({ name, in: 'header', required: headers.required.includes(name), schema })),
  ];
  const body = contract.body;
  let requestBody: JsonSchema | undefined;
  if (body === 'raw') {
    if (!BODILESS.has(method)) requestBody = { description: 'Sent on unchanged', required: false, content: { '*/*': { schema: {} } } };
  } else if (body) {
    // An absent body is read as {} (validate.ts): it is required only when {} is refused.
    requestBody = { required: !body.safeParse({}).success, content: { 'application/json': { schema: jsonSchemaOf(body) } } };
  }
  return { ...(parameters.length ? { parameters } : {}), ...(requestBody ? { requestBody } : {}) };
}
