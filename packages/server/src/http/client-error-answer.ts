// Requests Node's HTTP parser refuses before any route runs (headers over its 16 KB limit, malformed
// HTTP, a request that never finished) still answer the {error} envelope from the registry, not
// Fastify's own body. Node's 'clientError' event: https://nodejs.org/api/http.html#event-clienterror
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { TerapiError } from '../errors/terapi-error.js';
import { errorBody } from '../errors/error-body.js';

function codeOf(err: NodeJS.ErrnoException): 'request_header_too_large' | 'request_timeout' | 'malformed_request' {
  if (err.code === 'HPE_HEADER_OVERFLOW') return 'request_header_too_large';
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'request_timeout';
  return 'malformed_request';
}

export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const e = new TerapiError(codeOf(err));
    const body = JSON.stringify(errorBody(e));
    socket.write(`HTTP/1.1 ${e.status} ${STATUS_CODES[e.status] ?? 'Error'}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
