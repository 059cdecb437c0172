// The frontend SDK's popup handshake (nango-api.md §3.4, §13.1): on a WebSocket connection at `/` the
// server sends {"message_type":"connection_ack","ws_client_id":<uuid>} at once; the OAuth result is pushed
// later on that socket by /oauth/callback — possibly in another process, so results travel through
// PostgreSQL NOTIFY (channel terapi_oauth_ws) and the process holding the socket delivers them.
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import websocket from '@fastify/websocket';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { Database } from '../database/database.js';
import { contractOptions, PUBLIC } from '../http/route-contract.js';

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

/** `rootPage` answers a browser's GET / (the dashboard); the frontend SDK's WebSocket upgrade on the same path goes to the hub. */
export async function registerOAuthWebSocket(app: FastifyInstance, hub: OAuthWebSocketHub, rootPage: RouteHandlerMethod): Promise<void> {
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  app.route({
    method: 'GET',
    url: '/',
    ...contractOptions({ method: 'GET', url: '/', auth: PUBLIC, summary: 'The dashboard (HTML); the frontend SDK opens its WebSocket here', tag: 'Server', produces: 'text/html' }),
    handler: rootPage,
    wsHandler: (socket) => {
      hub.register(socket as unknown as Socket);
    },
  });
}
