// The worker loop that drains the webhook outbox: woken by NOTIFY terapi_webhooks and by a timer for
// retries that come due. Any number of processes may run it (rows are claimed with SKIP LOCKED).
import type { Logger } from 'pino';
import type { Database } from '../database/database.js';
import type { WebhookOutbox } from './webhook-outbox.js';

export class WebhookDeliveryWorker {
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #again = false;
  #stopped = false;
  #listener: import('pg').PoolClient | undefined;

  constructor(private readonly deps: { db: Database; outbox: WebhookOutbox; logger: Logger; pollMs?: number }) {}

  async start(): Promise<void> {
    this.#listener = await this.deps.db.pool.connect();
    this.#listener.on('notification', () => this.kick());
    await this.#listener.query('listen terapi_webhooks');
    this.#timer = setInterval(() => this.kick(), this.deps.pollMs ?? 1000);
    this.kick();
  }

  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    void (async () => {
      try {
        do {
          this.#again = false;
          while (!this.#stopped && (await this.deps.outbox.deliverDue()) > 0);
        } while (this.#again && !this.#stopped);
      } catch (err) {
        if (!this.#stopped) this.deps.logger.error({ err }, 'webhook delivery loop failed; retrying');
      } finally {
        this.#running = false;
      }
    })();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    while (this.#running) await new Promise((r) => setTimeout(r, 20));
    if (this.#listener) {
      await this.#listener.query('unlisten terapi_webhooks').catch(() => {});
      this.#listener.release();
    }
  }
}
