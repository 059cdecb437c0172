import { normalizeRecordId } from './record-id.js';
import { parseDatetime } from './salesforce-datetime.js';
import { SimDataError } from './sim-data-error.js';
import type { FieldDef } from './sobject-schema.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Turns a JSON value written by a caller into the stored form, with Salesforce's per-field errors
 * (spec/salesforce.md §3.6, §3.9 INVALID_EMAIL_ADDRESS). Salesforce stores no empty text, so "" becomes null (§4.5).
 */
export function coerceFieldValue(field: FieldDef, raw: unknown): unknown {
  if (raw === null || raw === undefined || raw === '') return null;
  const typeError = () =>
    new SimDataError('INVALID_TYPE_ON_FIELD_IN_RECORD', `${field.label}: value not of required type: ${String(raw)}`, [field.name]);
  switch (field.type) {
    case 'string': case 'textarea': case 'phone': case 'url': case 'picklist': case 'email': {
      if (typeof raw === 'object') throw typeError();
      const text = String(raw);
      if (field.length !== undefined && text.length > field.length) {
        throw new SimDataError('STRING_TOO_LONG', `${field.label}: data value too large: ${text} (max length=${field.length})`, [field.name]);
      }
      if (field.type === 'email' && !EMAIL.test(text)) {
        throw new SimDataError('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${text}`, [field.name]);
      }
      return text;
    }
    case 'boolean':
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      throw typeError();
    case 'double': case 'currency': case 'percent': case 'int': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n) || (field.type === 'int' && !Number.isInteger(n))) throw typeError();
      return n;
    }
    case 'date': {
      if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(Date.parse(raw.slice(0, 10)))) throw typeError();
      return raw.slice(0, 10);
    }
    case 'datetime': {
      const ms = typeof raw === 'string' ? parseDatetime(raw) : undefined;
      if (ms === undefined) throw typeError();
      return ms;
    }
    case 'reference': case 'id': {
      const id = typeof raw === 'string' ? normalizeRecordId(raw) : undefined;
      if (!id) throw new SimDataError('MALFORMED_ID', `${field.label}: id value of incorrect type: ${String(raw)}`, [field.name]);
      return id;
    }
  }
}
