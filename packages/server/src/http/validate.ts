// zod at the edge: a failed parse becomes the Nango validation envelope (nango-api.md §0.3), with every
// issue's path as strings.
import type { z } from 'zod';
import { TerapiError, type ValidationIssue } from '../errors/terapi-error.js';

export type ValidationKind = 'invalid_body' | 'invalid_query_params' | 'invalid_headers' | 'invalid_uri_params';

export function issuesOf(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((i) => ({ code: i.code, message: i.message, path: i.path.map(String) }));
}

export function validate<S extends z.ZodType>(schema: S, value: unknown, kind: ValidationKind): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const errors = issuesOf(result.error);
  const first = errors[0];
  return (() => {
    if (!first) throw new TerapiError(kind, undefined, { errors });
    throw new TerapiError(`${kind}.schema`, { issue: first.path.length ? `${first.path.join('.')}: ${first.message}` : first.message }, { errors });
  })();
}
