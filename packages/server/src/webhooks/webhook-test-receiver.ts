// For tests: the app's webhook endpoint on a loopback port. It records every POST it accepts (raw body and
// headers) and can be taken "down" (answering 503) and brought back, like an app being redeployed.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  body: string;
  headers: IncomingHttpHeaders;
  json: Record<string, unknown>;
}

export class WebhookTestReceiver {
  readonly received: ReceivedWebhook[] = [];
  refused = 0;
  down = false;
  #waiters: Array<() => void> = [];

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<WebhookTestReceiver> {
    let receiver: WebhookTestReceiver | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => receiver!.#handle(Buffer.concat(chunks).toString('utf8'), req.headers, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = new WebhookTestReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`);
    return receiver;
  }

  #handle(body: string, headers: IncomingHttpHeaders, res: import('node:http').ServerResponse): void {
    if (this.down) {
      this.refused++;
      res.writeHead(503).end();
    } else {
      this.received.push({ body, headers, json: JSON.parse(body) as Record<string, unknown> });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    }
    for (const w of this.#waiters.splice(0)) w();
  }

  /** Resolves once `predicate` holds (checked after every request); rejects after `ms` so a delivery that never comes fails the test instead of hanging it. */
  async waitFor(predicate: (r: WebhookTestReceiver) => boolean, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching webhook within ${ms} ms; received ${this.received.length}: ${JSON.stringify(this.received.map((r) => r.body)).slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
