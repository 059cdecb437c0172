// A batch of records as it crosses from a function to the records cache: its rows, the external ids beside the
// payloads' JSON. The SDK makes them in the function's sandbox and the payloads travel as text beside the call's
// arguments, so terapi's process neither parses a batch nor serializes it again: it binds the ids and the text
// as they came (records/record-store.ts reads them side by side in PostgreSQL).

export interface RecordRows {
  /** The external ids, each once. */
  readonly ids: string[];
  /** The payloads as one JSON array text, element i beside ids[i]: each record without `id` and `_nango_metadata`. */
  readonly payloads: string;
}

/**
 * A batch's rows. ON CONFLICT may touch a row once per statement, so an id that repeats keeps its first place and
 * its last content; records without an id are skipped. Payloads are stored without `id` and `_nango_metadata`:
 * the API writes both over them (nango-api.md §8.1).
 */
export function recordRows(records: readonly unknown[]): RecordRows {
  const byId = new Map<string, string>();
  for (const r of records) {
    if (typeof r !== 'object' || r === null) continue;
    const { id, _nango_metadata: _ignored, ...payload } = r as Record<string, unknown>;
    if (id === undefined || id === null) continue;
    byId.set(String(id), JSON.stringify(payload));
  }
  return { ids: [...byId.keys()], payloads: `[${[...byId.values()].join(',')}]` };
}

/**
 * The rows of a batch as a host method receives it: the ids with the payloads' text beside them (what the SDK
 * sends), or records (functions bundled before the SDK sent rows, tests, terapi's own callers). The function is
 * untrusted: anything else is refused with a message it can act on; the text itself is left to PostgreSQL's
 * JSON parser.
 */
export function rowsOf(records: unknown, payloads?: unknown): RecordRows {
  if (typeof payloads === 'string') {
    if (!Array.isArray(records) || !records.every((id) => typeof id === 'string')) throw new TypeError('A batch sent as rows needs its ids as a list of strings.');
    return { ids: records as string[], payloads };
  }
  if (!Array.isArray(records)) throw new TypeError('A batch of records is an array of objects, each with an id.');
  return recordRows(records);
}

/** The batch's records, for a host that keeps them (a dry run); the payloads' text is parsed as the untrusted input it is. */
export function batchRecords(records: unknown, payloads?: unknown): Record<string, unknown>[] {
  const rows = rowsOf(records, payloads);
  let parsed: unknown;
  try {
    parsed = JSON.parse(rows.payloads);
  } catch {
    throw new TypeError("A batch's payloads must be a JSON array of objects.");
  }
  if (!Array.isArray(parsed) || parsed.length !== rows.ids.length) throw new TypeError("A batch's payloads must be a JSON array with one object per id.");
  return rows.ids.map((id, i) => ({ id, ...(parsed as Record<string, unknown>[])[i] }));
}
