// Records are checked against their model before they leave the function (issue 6 §1): a bad record is
// reported with its id and the first failing field, and skipped; the rest of the batch goes on. Text that
// PostgreSQL cannot store (a NUL, a lone surrogate) makes a record bad too, instead of failing the batch.
import type { z } from 'zod';
import type { InvalidRecordReport } from './host-protocol.js';
import { unstorablePath } from '../../database/storable-text.js';

export function idOf(record: unknown): string | undefined {
  const id = record && typeof record === 'object' ? (record as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

export function splitValid(model: string, schema: z.ZodType | undefined, records: unknown[]): { valid: Record<string, unknown>[]; invalid: InvalidRecordReport[] } {
  const valid: Record<string, unknown>[] = [];
  const invalid: InvalidRecordReport[] = [];
  for (const record of records) {
    const id = idOf(record);
    if (!record || typeof record !== 'object' || Array.isArray(record)) {
      invalid.push({ model, id: undefined, field: '', message: 'a record must be an object' });
      continue;
    }
    if (id === undefined || id === '') {
      invalid.push({ model, id: undefined, field: 'id', message: 'a record needs an id (string or number)' });
      continue;
    }
    if (schema) {
      const result = schema.safeParse(record);
      if (!result.success) {
        const issue = result.error.issues[0];
        invalid.push({ model, id, field: issue ? issue.path.map(String).join('.') : '', message: issue?.message ?? 'invalid' });
        continue;
      }
    }
    const unstorable = unstorablePath(record);
    if (unstorable) {
      invalid.push({ model, id, field: unstorable.join('.'), message: 'holds a NUL (\\u0000) or an unpaired surrogate, which cannot be stored' });
      continue;
    }
    valid.push(record as Record<string, unknown>);
  }
  return { valid, invalid };
}
