// What a route's declared schemas (route-contract.ts) make of a request before its handler runs: each part
// the route declares is parsed with zod, in the order params, query, headers, body, and the first that fails
// answers the Nango validation envelope (validate.ts, nango-api.md §0.3) through the one error serializer.
// The handler receives the parsed values, typed from the schemas; it never parses its input again.
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { validate } from './validate.js';

/**
 * A route's input schemas. `body: 'raw'` is a route that reads its body itself (the proxy streams it
 * upstream unread); the route-table test requires every route that takes a body to say one or the other.
 */
export interface RouteInputSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  headers?: z.ZodType;
  body?: z.ZodType | 'raw';
}

type Parsed<C, K extends keyof RouteInputSchemas> = C extends { [P in K]: infer S } ? (S extends z.ZodType ? z.output<S> : unknown) : unknown;

/** The parsed input a handler receives: each declared part as its schema outputs it, the others as sent. */
export interface RouteInput<C> {
  params: Parsed<C, 'params'>;
  query: Parsed<C, 'query'>;
  headers: Parsed<C, 'headers'>;
  body: Parsed<C, 'body'>;
}

/** Throws the part's validation error (invalid_uri_params, invalid_query_params, invalid_headers, invalid_body). */
export function parseRouteInput<C extends RouteInputSchemas>(schemas: C, req: FastifyRequest): RouteInput<C> {
  const params = schemas.params ? validate(schemas.params, req.params, 'invalid_uri_params') : req.params;
  const query = schemas.query ? validate(schemas.query, req.query, 'invalid_query_params') : req.query;
  const headers = schemas.headers ? validate(schemas.headers, req.headers, 'invalid_headers') : req.headers;
  const body = schemas.body && schemas.body !== 'raw' ? validate(schemas.body, req.body, 'invalid_body') : req.body;
  return { params, query, headers, body } as RouteInput<C>;
}
