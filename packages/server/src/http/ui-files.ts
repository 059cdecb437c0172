// The files of a UI that terapi serves from its Vite build (the Connect UI, the dashboard): index.html,
// revalidated on every load so a new build is picked up at once, and the content-hashed assets, cached for a
// year (RFC 9111 §5.2.2.1, RFC 8246 immutable). Each UI keeps its own URLs, error codes and page headers.
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FastifyReply } from 'fastify';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};
// Vite's output names: name-hash.ext, nothing that could climb out of the folder.
const ASSET_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.[a-z0-9]+$/;

/** The build's index.html; undefined when the UI was not built. */
export async function readUiIndex(distDir: string | undefined): Promise<string | undefined> {
  return distDir ? readFile(join(distDir, 'index.html'), 'utf8').catch(() => undefined) : undefined;
}

/** Sends index.html with the UI's own headers (its CSP, framing, referrer policy). */
export function sendUiIndex(reply: FastifyReply, html: string, headers: Record<string, string>): FastifyReply {
  return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff').headers(headers).send(html);
}

/**
 * Sends `assets/<file>` of the build, cached for a year; false when there is no such asset (an unknown type or
 * a name Vite does not make is never looked up).
 */
export async function sendUiAsset(reply: FastifyReply, distDir: string | undefined, file: string): Promise<boolean> {
  const type = CONTENT_TYPES[extname(file)];
  const body = distDir && type && ASSET_NAME.test(file) ? await readFile(join(distDir, 'assets', file)).catch(() => undefined) : undefined;
  if (body === undefined || type === undefined) return false;
  await reply.header('content-type', type).header('cache-control', 'public, max-age=31536000, immutable').header('x-content-type-options', 'nosniff').send(body);
  return true;
}
