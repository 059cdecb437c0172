import type { FastifyInstance } from 'fastify';
import { CONTROL_PREFIX } from '../control/control-prefix.js';
import { endpointTag } from './endpoint-name.js';
import type { RequestLog } from './request-log.js';

export function registerRequestLog(app: FastifyInstance, log: RequestLog): void {
  app.addHook('onResponse', async (request, reply) => {
    if (request.url.startsWith(CONTROL_PREFIX)) return;
    const tag = endpointTag(request);
    log.record({
      at: new Date().toISOString(),
      method: request.method,
      host: request.headers.host ?? '',
      path: request.url.split('?')[0] ?? request.url,
      endpoint: tag.endpoint,
      status: reply.statusCode,
      ...(tag.grantType !== undefined ? { grantType: tag.grantType } : {}),
    });
  });
}
