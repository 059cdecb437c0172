// Where the built Connect UI lives: the dist/ folder of the @terapi/connect-ui package (built by `npm ci`
// through the root prepare script, or `npm run build -w packages/connect-ui`).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function connectUiDistDir(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@terapi/connect-ui/package.json')), 'dist');
  } catch {
    return undefined;
  }
}
