import { pino, type DestinationStream, type Logger } from 'pino';
import { createRequire } from 'node:module';
import type { PinoPretty as PinoPrettyFn } from 'pino-pretty';
import type { LogFormat, LogLevel } from '../config/config.js';

const SECRET_FIELDS = ['access_token', 'refresh_token', 'client_secret', 'secret_key', 'password', 'privateKey', 'private_key', 'token', 'sessionId', 'SessionId'];

/** Paths never written to logs, whatever a caller passes (STYLE.md habit 11): at the top level and one level down. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
];

/**
 * JSON lines for a collector; on a terminal (or with TERAPI_LOG_FORMAT=pretty) one readable line per event:
 * time, level, message, then the fields. pino-pretty runs in this process, synchronously, so its lines keep
 * their order with the start banner that `terapi start` prints with console.log.
 */
export function createLogger(level: LogLevel, format: LogFormat = 'json', out: NodeJS.WriteStream = process.stdout): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'terapi' } };
  const pretty = format === 'pretty' || (format === 'auto' && out.isTTY === true);
  if (!pretty) return out === process.stdout ? pino(options) : pino(options, out as DestinationStream);
  // Required on first use: JSON logging (every deployment) does not carry pino-pretty and its dependencies.
  const { PinoPretty } = createRequire(import.meta.url)('pino-pretty') as { PinoPretty: typeof PinoPrettyFn };
  const stream = PinoPretty({ destination: out, sync: true, colorize: out.isTTY === true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
  return pino(options, stream);
}
