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

export function encodeCursor(p: RecordPosition): string {
  return Buffer.from(`${p.updatedAt}||${p.id}`, 'utf8').toString('base64');
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
