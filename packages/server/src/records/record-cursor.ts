// Record cursors (nango-api.md §8.1): base64 of "<updated_at, µs, +00:00>||<internal id>". Opaque to clients,
// but every record carries one and any of them may come back as `cursor` or prune `until_cursor`.
import { TerapiError } from '../errors/terapi-error.js';
import { isRealDateTime } from '../http/real-date-time.js';

export interface RecordPosition {
  /** updated_at exactly as PostgreSQL printed it (µs precision), so comparisons lose nothing. */
  updatedAt: string;
  id: number;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?\+00:00$/;

/**
 * Every record of a page carries its cursor (10,000 a page), so the text goes through one reused buffer instead
 * of a new Buffer each (1.1 → 0.6 µs a record). The text is ASCII (a validated timestamp and digits), where
 * latin1 and UTF-8 write the same bytes.
 */
const scratch = Buffer.alloc(64);

export function encodeCursor(p: RecordPosition): string {
  const text = `${p.updatedAt}||${p.id}`;
  if (text.length > scratch.length) return Buffer.from(text, 'utf8').toString('base64');
  const n = scratch.write(text, 0, 'latin1');
  return scratch.toString('base64', 0, n);
}

/** Throws 400 invalid_cursor (terapi answers 400 where Nango answers 500, nango-api.md preamble). */
export function decodeCursor(cursor: string): RecordPosition {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const [updatedAt, id, ...rest] = text.split('||');
  if (rest.length || !updatedAt || !TIMESTAMP.test(updatedAt) || !isRealDateTime(updatedAt) || !id || !/^\d{1,16}$/.test(id) || !Number.isSafeInteger(Number(id))) {
    throw new TerapiError('invalid_cursor');
  }
  return { updatedAt, id: Number(id) };
}
