// The version of the `terapi` package, read from its package.json (two folders up from src/ and dist/ alike).
import { createRequire } from 'node:module';

export function terapiVersion(): string {
  return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
}
