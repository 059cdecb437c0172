// The frontend SDK's popup handshake (nango-api.md §3.4, §13.1): on a WebSocket connection at `/` the
// server sends {"message_type":"connection_ack","ws_client_id":<uuid>} at once; the OAuth result is pushed
// later on that socket by /oauth/callback — possibly in another process, so results travel through
// PostgreSQL NOTIFY (channel terapi_oauth_ws) and the process holding the socket delivers them.
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import websocket from '@fastify/websocket';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { Database } from '../database/database.js';
import { contractOptions, PUBLIC } from '../http/route-contract.js';
import { errorBody } from '../errors/error-body.js';
import { TerapiError } from '../errors/terapi-error.js';

type Socket = { send(data: string): void; close(): void; on(event: 'close', fn: () => void): void };

const CHANNEL = 'terapi_oauth_ws';

export class OAuthWebSocketHub {
  readonly #sockets = new Map<string, Socket>();
  #listener: PoolClient | undefined;

  constructor(private readonly deps: { db: Database; logger: Logger }) {}

  async start(): Promise<void> {
    this.#listener = await this.deps.db.pool.connect();
    this.#listener.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      try {
        const { id, message } = JSON.parse(n.payload) as { id: string; message: Record<string, unknown> };
        this.#deliver(id, message);
      } catch {
        /* not ours */
      }
    });
    await this.#listener.query(`listen ${CHANNEL}`);
  }

  register(socket: Socket): string {
    const id = randomUUID();
    this.#sockets.set(id, socket);
    socket.on('close', () => this.#sockets.delete(id));
    socket.send(JSON.stringify({ message_type: 'connection_ack', ws_client_id: id }));
    return id;
  }

  /** Sends the result to the socket, wherever it is; the subscription is dropped after sending. */
  publish(wsClientId: string | null | undefined, message: Record<string, unknown>): void {
    if (!wsClientId) return;
    if (this.#deliver(wsClientId, message)) return;
    void this.deps.db
      .query('select pg_notify($1, $2)', [CHANNEL, JSON.stringify({ id: wsClientId, message })])
      .catch((err: unknown) => this.deps.logger.warn({ err }, 'could not publish the OAuth result'));
  }

  #deliver(id: string, message: Record<string, unknown>): boolean {
    const socket = this.#sockets.get(id);
    if (!socket) return false;
    socket.send(JSON.stringify(message));
    this.#sockets.delete(id);
    return true;
  }

  async stop(): Promise<void> {
    for (const s of this.#sockets.values()) s.close();
    this.#sockets.clear();
    if (this.#listener) {
      await this.#listener.query(`unlisten ${CHANNEL}`).catch(() => {});
      this.#listener.release();
    }
  }
}

/** The one path that takes WebSocket upgrades: the frontend SDK's (nango-api.md §3.4). */
const WEBSOCKET_PATH = '/';

/**
 * `rootPage` answers a browser's GET / (the dashboard); the frontend SDK's WebSocket upgrade on the same path goes
 * to the hub. @fastify/websocket hooks every route of the scope it is registered in (an onRequest and an onResponse
 * hook, and a wrapper around each handler, so that an upgrade to any route can be turned away): registered in a
 * scope of its own with `/`, it costs the other routes nothing — the proxy's CPU per request was ~6 % higher with
 * it at the root (docs/performance.md). Upgrades reach it only at `/`; one to any other path is answered 404 with
 * the error envelope and its socket closed, without reaching a route.
 */
export async function registerOAuthWebSocket(app: FastifyInstance, hub: OAuthWebSocketHub, rootPage: RouteHandlerMethod): Promise<void> {
  // The plugin listens for upgrades on `server` when given one (documented for servers other than Fastify's):
  // here, an emitter that receives only the upgrades to WEBSOCKET_PATH.
  const upgrades = new EventEmitter();
  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path === WEBSOCKET_PATH) {
      upgrades.emit('upgrade', req, socket, head);
      return;
    }
    const body = JSON.stringify(errorBody(new TerapiError('route_not_found.route', { method: req.method ?? 'GET', path })));
    socket.on('error', () => socket.destroy());
    socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
  await app.register(async (scope) => {
    await scope.register(websocket, { options: { maxPayload: 64 * 1024, server: upgrades as unknown as Server } });
    scope.route({
      method: 'GET',
      url: WEBSOCKET_PATH,
      ...contractOptions({ method: 'GET', url: WEBSOCKET_PATH, auth: PUBLIC, summary: 'The dashboard (HTML); the frontend SDK opens its WebSocket here', tag: 'Server', produces: 'text/html' }),
      handler: rootPage,
      wsHandler: (socket) => {
        hub.register(socket as unknown as Socket);
      },
    });
  });
}
