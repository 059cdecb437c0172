import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * OAuth endpoints read `application/x-www-form-urlencoded` (spec/salesforce.md §1.2); any other body is kept as text
 * so the token endpoint can answer `unsupported_grant_type` as Salesforce does rather than a 415.
 */
export function useFormBodies(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
}

/** The form fields of a request, or undefined when its body was not a form. */
export function formOf(request: FastifyRequest): Record<string, string> | undefined {
  const type = request.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return undefined;
  return typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, string>) : {};
}

/** Query parameters and, for a form POST, its fields (form wins). */
export function paramsOf(request: FastifyRequest): Record<string, string> {
  const query = (request.query ?? {}) as Record<string, string | string[]>;
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    const value = Array.isArray(v) ? v[v.length - 1] : v;
    if (value !== undefined) flat[k] = value;
  }
  return { ...flat, ...(formOf(request) ?? {}) };
}
