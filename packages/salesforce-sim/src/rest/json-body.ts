import type { FastifyInstance } from 'fastify';

/**
 * REST bodies are JSON; an empty body is allowed (DELETE, PATCH without fields) and a malformed one becomes the
 * route's JSON_PARSER_ERROR in Salesforce's error format rather than Fastify's own 400.
 */
export function useJsonBodies(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(null, new BodyParseError(`Unexpected character: ${(e as Error).message}`));
    }
  });
}

/** A body that was not valid JSON; routes answer it with JSON_PARSER_ERROR. */
export class BodyParseError {
  constructor(readonly message: string) {}
}
