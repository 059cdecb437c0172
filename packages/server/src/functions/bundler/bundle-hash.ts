// What makes two deploys of a function "the same". Its own module so that the server, which only hashes the
// bundles it receives, never loads esbuild (the deploy CLI bundles).
import { createHash } from 'node:crypto';

/** The bundle's hash without esbuild's per-module path comments, which name the folder it was bundled from. */
export function bundleHash(code: string): string {
  return createHash('sha256').update(code.replace(/^\s*\/\/ [^\n]*$/gm, '')).digest('hex');
}
