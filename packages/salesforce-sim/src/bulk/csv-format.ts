// spec/salesforce.md §4.1 and §4.5: delimiters and line endings a query job may ask for; every value is quoted.
export const COLUMN_DELIMITERS = { BACKQUOTE: '`', CARET: '^', COMMA: ',', PIPE: '|', SEMICOLON: ';', TAB: '\t' } as const;
export const LINE_ENDINGS = { LF: '\n', CRLF: '\r\n' } as const;

export type ColumnDelimiter = keyof typeof COLUMN_DELIMITERS;
export type LineEnding = keyof typeof LINE_ENDINGS;

export function csvLine(cells: readonly string[], delimiter: ColumnDelimiter, lineEnding: LineEnding): string {
  return cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(COLUMN_DELIMITERS[delimiter]) + LINE_ENDINGS[lineEnding];
}
