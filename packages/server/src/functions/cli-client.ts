// How the CLI's `deploy` and `dryrun` reach the server: TERAPI_HOST with TERAPI_SECRET_KEY (spec/operations.md), both
// read through loadConfig.
import { loadConfig } from '../config/config.js';

export interface CliIo {
  /** The variables to read; absent: the process's own (loadConfig's default). */
  env?: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
}

export const processIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

export class CliError extends Error {}

export function cliTarget(env: Record<string, string | undefined> | undefined): { host: string; secretKey: string } {
  const config = loadConfig(env);
  if (!config.secretKey) throw new CliError('Set TERAPI_SECRET_KEY to the secret key of the environment to use (printed by `terapi start`, or GET /environment).');
  return { host: config.cliHost, secretKey: config.secretKey };
}

export async function postJson(env: Record<string, string | undefined> | undefined, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const { host, secretKey } = cliTarget(env);
  let res: Response;
  try {
    res = await fetch(`${host}${path}`, { method: 'POST', headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (err) {
    throw new CliError(`Could not reach terapi at ${host} (${(err as Error).message}); start it with \`npx terapi start\` or set TERAPI_HOST.`);
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep the text */
  }
  return { status: res.status, body: parsed };
}

export function serverError(status: number, body: unknown): CliError {
  const e = (body as { error?: { code?: string; message?: string; payload?: { problems?: string[] } } })?.error;
  if (e?.payload?.problems?.length) return new CliError(`terapi refused (${e.code}):\n  ${e.payload.problems.join('\n  ')}`);
  return new CliError(`terapi answered ${status}${e ? ` ${e.code}: ${e.message ?? ''}` : `: ${typeof body === 'string' ? body : JSON.stringify(body)}`}`);
}
