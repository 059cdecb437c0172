// GET /openapi.json (spec/operations.md "HTTP"): an OpenAPI 3.1 description of the public API, built from
// the routes Fastify serves (route-table.ts) and what each declares of itself (http/route-contract.ts), with the error
// envelope and every error code of the registry (errors/error-codes.ts).
import { z } from 'zod';
import { registeredErrorCodes } from '../errors/error-registry.js';
import type { AuthScheme, RouteContract } from '../http/route-contract.js';
import type { RegisteredRoute } from './route-table.js';

const OPENAPI_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

const SECURITY_SCHEMES: Record<AuthScheme, Record<string, unknown>> = {
  secretKey: { type: 'http', scheme: 'bearer', description: "The environment's secret key (printed by `npm start`; GET /environment)." },
  connectSessionToken: { type: 'http', scheme: 'bearer', description: 'A connect session token (`nango_connect_session_…`) from POST /connect/sessions.' },
  connectSessionTokenQuery: { type: 'apiKey', in: 'query', name: 'connect_session_token', description: 'A connect session token from POST /connect/sessions.' },
};

/** `/connections/:connectionId` → `/connections/{connectionId}`; `/proxy/*` → `/proxy/{path}`. */
export function openApiPath(url: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = url
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        params.push(segment.slice(1));
        return `{${segment.slice(1)}}`;
      }
      if (segment === '*') {
        params.push('path');
        return '{path}';
      }
      return segment;
    })
    .join('/');
  return { path, params };
}

export function operationKey(route: RegisteredRoute): string {
  return `${route.method} ${route.url}`;
}

function responses(op: RouteContract): Record<string, unknown> {
  const error = { description: 'A terapi error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  const success =
    op.produces === 'any'
      ? { description: "The provider's answer, status, headers and body unchanged" }
      : { description: 'Success', content: { [op.produces ?? 'application/json']: {} } };
  return {
    '200': success,
    ...(op.auth.length ? { '401': { ...error, description: 'Missing or wrong credentials' } } : {}),
    '4XX': error,
    '5XX': error,
  };
}

/** The declared query schema as OpenAPI query parameters (what a client sends: the schema's input side). */
function queryParameters(schema: z.ZodObject | undefined): Record<string, unknown>[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return { name, in: 'query', required: json.required?.includes(name) ?? false, schema: rest, ...(description ? { description } : {}) };
  });
}

function operation(route: RegisteredRoute, op: RouteContract, params: string[]): Record<string, unknown> {
  const parameters = [...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })), ...queryParameters(op.query)];
  return {
    summary: op.summary,
    tags: [op.tag],
    operationId: operationKey(route).replace(/[^a-zA-Z0-9]+/g, '_').replace(/_$/, ''),
    security: op.auth.map((scheme) => ({ [scheme]: [] })),
    ...(parameters.length ? { parameters } : {}),
    responses: responses(op),
  };
}

export interface OpenApiInfo {
  version: string;
  serverUrl: string;
}

/** Routes without a declaration (CORS preflight) are left out; the test keeps every other route declared. */
export function buildOpenApiDocument(routes: RegisteredRoute[], info: OpenApiInfo): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of [...routes].sort((a, b) => a.url.localeCompare(b.url))) {
    const op = route.contract;
    if (!op) continue;
    const { path, params } = openApiPath(route.url);
    const item = (paths[path] ??= {});
    const methods = route.method === 'ALL' ? OPENAPI_METHODS : [route.method.toLowerCase()];
    for (const m of methods) item[m] = operation(route, op, params);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'terapi API',
      version: info.version,
      description: "terapi's public HTTP API, wire-compatible with Nango's (`@nangohq/node` and `@nangohq/frontend` work against it).",
    },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      securitySchemes: SECURITY_SCHEMES,
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: registeredErrorCodes().map((c) => c.code).sort() },
                message: { type: 'string', description: 'What went wrong and what to do about it' },
                payload: {},
                errors: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, path: { type: 'array', items: { type: 'string' } } } } },
              },
            },
          },
        },
      },
    },
  };
}
