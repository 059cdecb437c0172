// Keyset paging (never OFFSET: page 2,000 costs what page 1 costs): a list ordered by (a timestamp desc, id
// desc) continues after its last row, named by an opaque cursor — base64url of "<µs since epoch>.<id>".
// PostgreSQL gives the microseconds (`keysetMicros` below), so a cursor loses none of the timestamp's precision.
import { TerapiError } from '../errors/terapi-error.js';

export interface KeysetPosition {
  /** The row's timestamp in microseconds since the epoch, as a decimal string. */
  micros: string;
  id: string;
}

/** SQL for a timestamptz column's microseconds since the epoch (exact: numeric, then bigint). */
export const keysetMicros = (column: string) => `(extract(epoch from ${column}) * 1000000)::bigint::text`;

/** SQL for the timestamptz of a cursor's microseconds parameter. */
export const keysetTimestamp = (param: string) => `(timestamptz 'epoch' + ${param}::bigint * interval '1 microsecond')`;

export function encodeKeyset(p: KeysetPosition): string {
  return Buffer.from(`${p.micros}.${p.id}`, 'utf8').toString('base64url');
}

/** Throws 400 invalid_cursor.page for anything terapi did not issue. */
export function decodeKeyset(cursor: string): KeysetPosition {
  const m = /^(-?\d{1,17})\.(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new TerapiError('invalid_cursor.page');
  return { micros: m[1]!, id: m[2]! };
}

/** A cursor over ids alone (a list ordered by id, or following what is new after an id). */
export function encodeIdCursor(id: string | number): string {
  return Buffer.from(`id.${id}`, 'utf8').toString('base64url');
}

export function decodeIdCursor(cursor: string): string {
  const m = /^id\.(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new TerapiError('invalid_cursor.page');
  return m[1]!;
}
