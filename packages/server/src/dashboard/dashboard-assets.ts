// Where the built dashboard lives: the dist/ folder of the @terapi/dashboard package (built by `npm ci`
// through the root prepare script, or `npm run build -w packages/dashboard`).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function dashboardDistDir(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@terapi/dashboard/package.json')), 'dist');
  } catch {
    return undefined;
  }
}
