// Bulk API 2.0 result CSV (spec/salesforce.md §4.5): a header row of field names, values double-quoted with `""`
// for an embedded quote, delimiter or newline inside quotes. Bulk does not tell null from empty: empty is null.

/**
 * Calls `onRow` with the cells of each CSV line. Scans with indexOf/slice rather than a character at a time: a Bulk
 * page is 25,000 rows, parsed inside the function sandbox.
 */
function scanCsv(text: string, delimiter: string, onRow: (cells: string[]) => void): void {
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  const plainEnd = (from: number) => {
    let j = from;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === d || c === 10 || c === 13) break;
      j++;
    }
    return j;
  };
  let i = 0;
  let row: string[] = [];
  while (i < n) {
    let cell: string;
    if (text.charCodeAt(i) === 34) {
      cell = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) {
          cell += text.slice(j);
          i = n;
          break;
        }
        if (text.charCodeAt(q + 1) === 34) {
          cell += text.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        cell += text.slice(j, q);
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the delimiter belongs to the cell (as a lenient reader would have it).
      const rest = plainEnd(i);
      if (rest > i) cell += text.slice(i, rest);
      i = rest;
    } else {
      const j = plainEnd(i);
      cell = text.slice(i, j);
      i = j;
    }
    row.push(cell);
    if (i >= n) break;
    if (text.charCodeAt(i) === d) {
      i++;
      if (i >= n) row.push('');
      continue;
    }
    if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) i++;
    i++;
    onRow(row);
    row = [];
  }
  if (row.length) onRow(row);
}

/** Parses one result page into rows keyed by the header's field names. */
export function parseCsv(text: string, delimiter = ','): Record<string, string | null>[] {
  return parseCsvTyped(text, (_field, value) => value, delimiter) as Record<string, string | null>[];
}

/** Parses one result page straight into rows of typed values (`convert` gets each field name and its text, null for empty). */
export function parseCsvTyped(text: string, convert: (field: string, value: string | null) => unknown, delimiter = ','): Record<string, unknown>[] {
  let header: string[] | undefined;
  const rows: Record<string, unknown>[] = [];
  scanCsv(text, delimiter, (cells) => {
    if (!header) {
      header = cells;
      return;
    }
    const out: Record<string, unknown> = {};
    for (let k = 0; k < header.length; k++) {
      const v = cells[k];
      out[header[k]!] = convert(header[k]!, v === undefined || v === '' ? null : v);
    }
    rows.push(out);
  });
  return rows;
}

/** A describe field type (spec/salesforce.md §3.4) → how its CSV text becomes the value REST would have given. */
export function csvValue(text: string | null, type: string | undefined): unknown {
  if (text === null) return null;
  switch (type) {
    case 'boolean':
      return text === 'true';
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
    case 'long':
      return Number(text);
    default:
      return text;
  }
}
