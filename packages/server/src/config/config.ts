// The only reader of process.env (STYLE.md habit 12). Every variable of spec/operations.md is declared here
// with its default and meaning; docs/configuration.md is generated from this table (npm run docs:config).
import { resolve } from 'node:path';
import { parseUpstreamMap, type UpstreamMap } from '../outbound/upstream-map.js';

export type Role = 'all' | 'api' | 'worker';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface TerapiConfig {
  /** HTTP port (`TERAPI_PORT`, default 3003). */
  readonly port: number;
  /** Public base URL; the OAuth redirect URI is `${serverUrl}/oauth/callback` (`TERAPI_SERVER_URL`). */
  readonly serverUrl: string;
  /** Embedded PostgreSQL data and generated keys (`TERAPI_DATA_DIR`, default ./.terapi). */
  readonly dataDir: string;
  /** External PostgreSQL; when set nothing is embedded (`DATABASE_URL`). */
  readonly databaseUrl: string | undefined;
  /** base64 of 32 bytes (`TERAPI_ENCRYPTION_KEY`); generated into the data dir when embedded. */
  readonly encryptionKey: Buffer | undefined;
  /** Made the `dev` environment's secret key at every start (`TERAPI_SECRET_KEY`). */
  readonly secretKey: string | undefined;
  /** `all`, `api` or `worker` (`TERAPI_ROLE`). */
  readonly role: Role;
  /** Development/test redirection of outbound hosts (`TERAPI_UPSTREAM_MAP`). */
  readonly upstreamMap: UpstreamMap;
  /** pino level (`TERAPI_LOG_LEVEL`). */
  readonly logLevel: LogLevel;
  /** `pretty` lines for a person, `json` lines for a collector, `auto`: pretty on a terminal (`TERAPI_LOG_FORMAT`). */
  readonly logFormat: LogFormat;
  /** Where the CLI's deploy and dryrun reach the server (`TERAPI_HOST`). */
  readonly cliHost: string;
  /** The largest upstream response a function's proxy call may receive (`TERAPI_FUNCTION_PROXY_MAX_BYTES`). */
  readonly functionProxyMaxBytes: number;
  /** Bearer key GET /metrics requires once set; its holders also see per-connection series (`TERAPI_METRICS_KEY`). */
  readonly metricsKey: string | undefined;
  /** A fixed dashboard sign-in token for deployments, usable many times; unset, `terapi start` prints a one-time link (`TERAPI_DASHBOARD_TOKEN`). */
  readonly dashboardToken: string | undefined;
  /** How long the hourly retention job (jobs/retention.ts) keeps each kind of row, in days (`TERAPI_RETENTION_*_DAYS`). */
  readonly retention: RetentionPeriods;
}

/** Days each kind of row is kept; read by the retention job (jobs/retention.ts). */
export interface RetentionPeriods {
  /** Operation-log rows, by start (`TERAPI_RETENTION_OPERATIONS_DAYS`, default 30). */
  readonly operationsDays: number;
  /** Delivered or failed webhook deliveries, by creation; pending ones stay (`TERAPI_RETENTION_WEBHOOK_DELIVERIES_DAYS`, default 30). */
  readonly webhookDeliveriesDays: number;
  /** Finished async action runs, by last update; GET /action/:id answers 404 afterwards (`TERAPI_RETENTION_ACTION_RUNS_DAYS`, default 30). */
  readonly actionRunsDays: number;
  /** OAuth and connect sessions, counted from their expiry (`TERAPI_RETENTION_EXPIRED_SESSIONS_DAYS`, default 1). */
  readonly expiredSessionsDays: number;
  /** Tombstones of deleted records (`deleted_at` set), counted from the deletion (`TERAPI_RETENTION_TOMBSTONES_DAYS`, default 30). */
  readonly tombstonesDays: number;
  /** Incoming webhook events, by arrival; a resend after this is forwarded again (`TERAPI_RETENTION_INCOMING_WEBHOOKS_DAYS`, default 7). */
  readonly incomingWebhooksDays: number;
}

/** Each retention variable and its default (days). */
const RETENTION_VARIABLES: ReadonlyArray<{ name: string; key: keyof RetentionPeriods; days: number; what: string }> = [
  { name: 'TERAPI_RETENTION_OPERATIONS_DAYS', key: 'operationsDays', days: 30, what: 'operation-log rows, and hourly API usage samples, are deleted this many days after they started' },
  { name: 'TERAPI_RETENTION_WEBHOOK_DELIVERIES_DAYS', key: 'webhookDeliveriesDays', days: 30, what: 'delivered or failed webhook deliveries are deleted this many days after they were enqueued (pending ones stay)' },
  { name: 'TERAPI_RETENTION_ACTION_RUNS_DAYS', key: 'actionRunsDays', days: 30, what: 'finished async action runs are deleted this many days after they finished; `GET /action/:id` then answers 404' },
  { name: 'TERAPI_RETENTION_EXPIRED_SESSIONS_DAYS', key: 'expiredSessionsDays', days: 1, what: 'OAuth and connect sessions are deleted this many days after they expired' },
  { name: 'TERAPI_RETENTION_INCOMING_WEBHOOKS_DAYS', key: 'incomingWebhooksDays', days: 7, what: "events received from providers (Outbound Messages, callouts) are deleted this many days after they arrived; they deduplicate resends until then, so keep it above the provider's retry window (Salesforce: 24 hours)" },
  { name: 'TERAPI_RETENTION_TOMBSTONES_DAYS', key: 'tombstonesDays', days: 30, what: 'records deleted upstream stay as tombstones (`last_action: DELETED`) this many days, then are deleted; a consumer that reads less often misses the deletion' },
];

export interface ConfigVariable {
  name: string;
  default: string;
  meaning: string;
}

/** The documented variables, in the order of spec/operations.md. */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { name: 'TERAPI_PORT', default: '3003', meaning: 'HTTP port' },
  { name: 'TERAPI_SERVER_URL', default: 'http://localhost:$TERAPI_PORT', meaning: 'public base URL; the OAuth redirect URI is `$TERAPI_SERVER_URL/oauth/callback`' },
  { name: 'TERAPI_DATA_DIR', default: './.terapi', meaning: 'embedded PostgreSQL data and generated keys' },
  { name: 'DATABASE_URL', default: 'unset', meaning: 'an external PostgreSQL (14 or newer); when set, nothing is embedded' },
  { name: 'TERAPI_ENCRYPTION_KEY', default: 'generated into the data dir when embedded', meaning: 'base64 of 32 random bytes; encrypts credentials at rest; required with `DATABASE_URL`' },
  { name: 'TERAPI_SECRET_KEY', default: 'generated once, printed at start', meaning: 'makes this string the secret key of the `dev` environment at every start (idempotent)' },
  { name: 'TERAPI_ROLE', default: 'all', meaning: '`all`, `api` or `worker`' },
  { name: 'TERAPI_UPSTREAM_MAP', default: 'unset', meaning: 'comma-separated `HOST=ORIGIN` pairs (`HOST` exact or `*.suffix`); outbound requests and browser redirects to a matching host go to `ORIGIN`, keeping the `Host` header. For tests and local development' },
  { name: 'TERAPI_LOG_LEVEL', default: 'info', meaning: 'pino levels' },
  { name: 'TERAPI_LOG_FORMAT', default: 'auto', meaning: '`pretty` (one readable line per event), `json` (one JSON object per line, for a log collector) or `auto`: pretty when stdout is a terminal, JSON otherwise' },
  { name: 'TERAPI_HOST', default: 'http://localhost:3003', meaning: "where the CLI's `deploy` and `dryrun` reach the server" },
  { name: 'TERAPI_FUNCTION_PROXY_MAX_BYTES', default: '33554432 (32 MiB)', meaning: "the largest upstream response a function's `nango.get/post/…/proxy` call receives; a larger one fails that call with `function_proxy_response_too_large` instead of being buffered" },
  ...RETENTION_VARIABLES.map((v) => ({ name: v.name, default: String(v.days), meaning: `${v.what} (whole days; \`0\` = at the next hourly run of the retention job)` })),
  { name: 'TERAPI_METRICS_KEY', default: 'unset', meaning: '16 characters or more; once set, `GET /metrics` needs `Authorization: Bearer $TERAPI_METRICS_KEY` and also shows the per-connection series (which name connection ids); unset, it shows only aggregates, to anyone' },
  { name: 'TERAPI_DASHBOARD_TOKEN', default: 'unset: `terapi start` prints a one-time sign-in link (valid 24 h)', meaning: '32 characters or more; a fixed dashboard sign-in token for deployments, usable many times, that signs in to every environment (paste it on the sign-in page or open `$TERAPI_SERVER_URL/dashboard/sign-in#token=…`); `npm start` then prints no token' },
];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Overrides from the command line (`--port`, `--data-dir`, `--role`) win over the environment. */
export interface ConfigOverrides {
  port?: number | undefined;
  dataDir?: string | undefined;
  role?: string | undefined;
}

/** Reads and validates every variable at once, reporting all problems together; the result is frozen. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): TerapiConfig {
  const problems: string[] = [];
  const str = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };

  let port = 3003;
  const portRaw = overrides.port !== undefined ? String(overrides.port) : str('TERAPI_PORT');
  if (portRaw !== undefined) {
    const n = Number(portRaw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) problems.push(`TERAPI_PORT must be a port number (0-65535), got "${portRaw}"`);
    else port = n;
  }

  let serverUrl = str('TERAPI_SERVER_URL') ?? `http://localhost:${port}`;
  try {
    const u = new URL(serverUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    serverUrl = serverUrl.replace(/\/+$/, '');
  } catch {
    problems.push(`TERAPI_SERVER_URL must be an http(s) URL, got "${serverUrl}"`);
  }

  const dataDir = resolve(overrides.dataDir ?? str('TERAPI_DATA_DIR') ?? './.terapi');
  const databaseUrl = str('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }

  let encryptionKey: Buffer | undefined;
  const keyRaw = str('TERAPI_ENCRYPTION_KEY');
  if (keyRaw !== undefined) {
    const buf = Buffer.from(keyRaw, 'base64');
    if (buf.length !== 32 || buf.toString('base64') !== keyRaw) {
      problems.push('TERAPI_ENCRYPTION_KEY must be the base64 of exactly 32 random bytes (e.g. `openssl rand -base64 32`)');
    } else encryptionKey = buf;
  } else if (databaseUrl !== undefined) {
    problems.push('TERAPI_ENCRYPTION_KEY is required with DATABASE_URL: every process sharing a database must use the same key (generate one with `openssl rand -base64 32`)');
  }

  const secretKey = str('TERAPI_SECRET_KEY');
  if (secretKey !== undefined && !UUID_V4.test(secretKey)) {
    problems.push('TERAPI_SECRET_KEY must be a UUIDv4 (Nango clients check the format), e.g. the output of `node -e "console.log(crypto.randomUUID())"`');
  }

  const roleRaw = overrides.role ?? str('TERAPI_ROLE') ?? 'all';
  if (roleRaw !== 'all' && roleRaw !== 'api' && roleRaw !== 'worker') problems.push(`TERAPI_ROLE must be all, api or worker, got "${roleRaw}"`);

  let upstreamMap: UpstreamMap = parseUpstreamMap('');
  try {
    upstreamMap = parseUpstreamMap(str('TERAPI_UPSTREAM_MAP') ?? '');
  } catch (err) {
    problems.push(`TERAPI_UPSTREAM_MAP: ${(err as Error).message}`);
  }

  const levelRaw = (str('TERAPI_LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(levelRaw)) problems.push(`TERAPI_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${levelRaw}"`);
  const formatRaw = (str('TERAPI_LOG_FORMAT') ?? 'auto').toLowerCase();
  if (!(LOG_FORMATS as readonly string[]).includes(formatRaw)) problems.push(`TERAPI_LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}, got "${formatRaw}"`);

  const cliHost = (str('TERAPI_HOST') ?? 'http://localhost:3003').replace(/\/+$/, '');

  let functionProxyMaxBytes = 32 * 1024 * 1024;
  const proxyMaxRaw = str('TERAPI_FUNCTION_PROXY_MAX_BYTES');
  if (proxyMaxRaw !== undefined) {
    const n = Number(proxyMaxRaw);
    if (!Number.isSafeInteger(n) || n < 1024) problems.push(`TERAPI_FUNCTION_PROXY_MAX_BYTES must be a whole number of bytes, at least 1024, got "${proxyMaxRaw}"`);
    else functionProxyMaxBytes = n;
  }
  const metricsKey = str('TERAPI_METRICS_KEY');
  if (metricsKey !== undefined && metricsKey.length < 16) problems.push('TERAPI_METRICS_KEY must be 16 characters or more (e.g. `openssl rand -hex 32`)');

  const dashboardToken = str('TERAPI_DASHBOARD_TOKEN');
  if (dashboardToken !== undefined && dashboardToken.length < 32) problems.push('TERAPI_DASHBOARD_TOKEN must be 32 characters or more (e.g. `openssl rand -hex 32`)');

  const retention = {} as { -readonly [K in keyof RetentionPeriods]: number };
  for (const v of RETENTION_VARIABLES) {
    const raw = str(v.name);
    const n = raw === undefined ? v.days : Number(raw);
    if (!Number.isSafeInteger(n) || n < 0) problems.push(`${v.name} must be a whole number of days (0 or more), got "${raw}"`);
    retention[v.key] = n;
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    port,
    serverUrl,
    dataDir,
    databaseUrl,
    encryptionKey,
    secretKey: secretKey?.toLowerCase(),
    role: roleRaw as Role,
    upstreamMap,
    logLevel: levelRaw as LogLevel,
    logFormat: formatRaw as LogFormat,
    cliHost,
    functionProxyMaxBytes,
    metricsKey,
    dashboardToken,
    retention: Object.freeze(retention),
  });
}
