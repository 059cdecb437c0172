// A TCP port free on 127.0.0.1 right now (the OS picks it). There is a window before the caller binds it;
// callers that can bind port 0 directly should.
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
    srv.on('error', reject);
  });
}
