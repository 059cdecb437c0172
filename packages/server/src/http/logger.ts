import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/config.js';

/** Paths never written to logs, whatever a caller passes (STYLE.md habit 11). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
  '*.secret_key',
  '*.password',
  '*.privateKey',
  '*.private_key',
  '*.token',
];

export function createLogger(level: LogLevel): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'terapi' } });
}
