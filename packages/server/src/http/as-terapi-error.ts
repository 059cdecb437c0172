// What leaves the process for an error the handler catches (STYLE.md habit 11): a TerapiError as it is;
// Fastify's own refusals as their registered codes; anything else a server_error naming the request id.
import type { FastifyRequest } from 'fastify';
import { TerapiError } from '../errors/terapi-error.js';

export function asTerapiError(err: unknown, req: Pick<FastifyRequest, 'id' | 'headers'>): TerapiError {
  if (err instanceof TerapiError) return err;
  const fe = err as { statusCode?: number; code?: string; message: string };
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new TerapiError('payload_too_large');
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new TerapiError('invalid_content_type.unsupported', { content_type: String(req.headers['content-type']) });
  // Fastify's other client errors that reach the handler (an empty JSON body, a bad Content-Length) are 400s.
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return new TerapiError('invalid_request', { reason: fe.message }, { cause: err });
  return new TerapiError('server_error.with_request_id', { request_id: req.id }, { payload: req.id, cause: err });
}
