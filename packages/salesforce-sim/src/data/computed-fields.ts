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
    case 'Case': {
      const closed = table.value(row, 'Status') === 'Closed';
      table.set(row, 'IsClosed', closed);
      // ClosedDate is stamped when the case closes and cleared when it reopens.
      if (!closed) table.set(row, 'ClosedDate', null);
      else if (table.value(row, 'ClosedDate') === null) table.set(row, 'ClosedDate', table.value(row, 'LastModifiedDate'));
      if (table.value(row, 'CaseNumber') === null) table.set(row, 'CaseNumber', String(1000 + row).padStart(8, '0'));
      break;
    }
  }
}
