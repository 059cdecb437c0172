import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

export interface HostResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json<T = unknown>(): T;
}

export interface HostRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** An object is sent as `application/x-www-form-urlencoded`, a string as is. */
  form?: Record<string, string>;
  body?: string;
}

/**
 * One HTTP request to the simulator's `origin` as if sent to `host` (a Salesforce host name): the connection goes to
 * the origin, the `Host` header names the host. `fetch` cannot set `Host`, hence node:http.
 */
export function requestAsHost(origin: string, host: string, path: string, opts: HostRequestOptions = {}): Promise<HostResponse> {
  const url = new URL(path, origin);
  const body = opts.form !== undefined ? new URLSearchParams(opts.form).toString() : opts.body;
  const headers: Record<string, string> = {
    host,
    ...(opts.form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
    ...opts.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? (body !== undefined ? 'POST' : 'GET'), headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
