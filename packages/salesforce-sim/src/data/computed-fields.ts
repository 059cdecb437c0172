import type { RecordTable } from './record-table.js';

/** Fields Salesforce computes from others (name compounds, closed flags, auto numbers). */
export function deriveComputedFields(table: RecordTable, row: number): void {
  switch (table.schema.name) {
    case 'Contact': case 'Lead': {
      const first = table.value(row, 'FirstName');
      table.set(row, 'Name', first ? `${String(first)} ${String(table.value(row, 'LastName'))}` : table.value(row, 'LastName'));
      break;
    }
    case 'Opportunity': {
      const stage = table.value(row, 'StageName');
      table.set(row, 'IsClosed', stage === 'Closed Won' || stage === 'Closed Lost');
      table.set(row, 'IsWon', stage === 'Closed Won');
      break;
    }
    case 'Case':
      table.set(row, 'IsClosed', table.value(row, 'Status') === 'Closed');
      if (table.value(row, 'CaseNumber') === null) table.set(row, 'CaseNumber', String(1000 + row).padStart(8, '0'));
      break;
  }
}
