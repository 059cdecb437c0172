/**
 * A query failure as Salesforce reports it: the query echoed with a caret under the offending column
 * (spec/salesforce.md §3.5, format of restforce#688) and an errorCode such as MALFORMED_QUERY or INVALID_FIELD.
 */
export class SoqlError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'SoqlError';
  }

  /** `offset` is the 0-based position in `query` of the offending token. */
  static at(errorCode: string, query: string, offset: number, detail: string): SoqlError {
    const before = query.slice(0, offset).split(/\r?\n/);
    const row = before.length;
    const column = (before[before.length - 1]?.length ?? 0) + 1;
    const line = query.split(/\r?\n/)[row - 1] ?? '';
    return new SoqlError(errorCode, `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${detail}`);
  }
}
