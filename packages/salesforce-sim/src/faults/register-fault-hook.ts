import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { CONTROL_PREFIX } from '../control/control-prefix.js';
import { hostnameOf } from '../hosts/host-kind.js';
import { endpointTag } from '../request-log/endpoint-name.js';
import type { RequestLog } from '../request-log/request-log.js';
import type { FaultRules } from './fault-rules.js';

/** Applies injected faults before any routing, so they cover every Salesforce endpoint (control routes excepted). */
export function registerFaultHook(app: FastifyInstance, rules: FaultRules, log: RequestLog): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(CONTROL_PREFIX)) return;
    const rule = rules.take(request.method, hostnameOf(request.headers.host), request.url);
    if (!rule) return;
    const { effect } = rule;
    if (effect.latencyMs !== undefined && effect.latencyMs > 0) await sleep(effect.latencyMs);
    if (effect.dropConnection === true) {
      // A dropped connection never reaches onResponse, so it is logged here with status 0.
      log.record({
        at: new Date().toISOString(),
        method: request.method,
        host: request.headers.host ?? '',
        path: request.url.split('?')[0] ?? request.url,
        endpoint: endpointTag(request).endpoint,
        status: 0,
      });
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (effect.status === undefined) return;
    reply.code(effect.status);
    if (effect.headers) reply.headers(effect.headers);
    if (typeof effect.body === 'string' || effect.body === undefined) return reply.send(effect.body ?? '');
    if (!effect.headers?.['content-type']) reply.type('application/json;charset=UTF-8');
    return reply.send(JSON.stringify(effect.body));
  });
}
