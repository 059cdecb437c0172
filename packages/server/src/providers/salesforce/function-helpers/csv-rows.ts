// Bulk API 2.0 result CSV (spec/salesforce.md §4.5): a header row of field names, values double-quoted with `""`
// for an embedded quote, delimiter or newline inside quotes. Bulk does not tell null from empty: empty is null.

/** Parses one result page into rows keyed by the header's field names. */
export function parseCsv(text: string, delimiter = ','): Record<string, string | null>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else cell += ch;
      i++;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === delimiter) endCell();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endCell();
      rows.push(row);
      row = [];
    } else cell += ch;
    i++;
  }
  if (cell !== '' || row.length) {
    endCell();
    rows.push(row);
  }
  const [header, ...body] = rows;
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k] === undefined || r[k] === '' ? null : r[k]!])));
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
