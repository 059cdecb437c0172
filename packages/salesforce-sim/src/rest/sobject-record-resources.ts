import type { RecordTable } from '../data/record-table.js';
import { normalizeRecordId } from '../data/record-id.js';
import { SimDataError } from '../data/sim-data-error.js';
import { withDataErrors } from './data-error-response.js';
import type { RestContext } from './rest-context.js';
import { notFound, restError, type RestResponse } from './rest-response.js';

// spec/salesforce.md §3.6 and §8.1: upsert-update answers 200 with created:false on current versions, 204 on old ones.
const UPSERT_200_SINCE = 46;

function recordUrl(ctx: RestContext, type: string, id: string): string {
  return `/services/data/v${ctx.version}/sobjects/${type}/${id}`;
}

function bodyObject(body: unknown): { fields: Record<string, unknown> } | { error: RestResponse } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { error: restError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object of field values') };
  }
  return { fields: body as Record<string, unknown> };
}

/** Resolves a live record id of `table`, or the 404 Salesforce answers (spec/salesforce.md §3.6). */
function rowOf(table: RecordTable, id: string): number | undefined {
  const full = normalizeRecordId(id);
  const row = full ? table.rowById.get(full) : undefined;
  return row === undefined || table.isDeleted(row) ? undefined : row;
}

/** `POST /sobjects/{Type}` → 201 `{id, success, errors}`. */
export function createRecordResource(ctx: RestContext, type: string, body: unknown): RestResponse {
  const parsed = bodyObject(body);
  if ('error' in parsed) return parsed.error;
  return withDataErrors(() => {
    const rec = ctx.data.create(type, parsed.fields, ctx.user.id);
    return { status: 201, body: { id: rec.Id, success: true, errors: [] } };
  });
}

/** `GET /sobjects/{Type}/{Id}[?fields=…]` → the record with `attributes`. */
export function readRecordResource(ctx: RestContext, type: string, id: string, fieldsParam: string | undefined): RestResponse {
  const table = ctx.data.table(type);
  if (!table) return notFound();
  if (!normalizeRecordId(id)) return externalIdFieldMissing(id);
  const row = rowOf(table, id);
  if (row === undefined) return notFound();
  return projectWithFields(ctx, table, row, fieldsParam);
}

function projectWithFields(ctx: RestContext, table: RecordTable, row: number, fieldsParam: string | undefined): RestResponse {
  const names = fieldsParam ? fieldsParam.split(',').map((f) => f.trim()).filter((f) => f !== '') : undefined;
  for (const n of names ?? []) {
    if (!table.schema.fieldByLowerName.has(n.toLowerCase())) {
      return restError(400, 'INVALID_FIELD', `No such column '${n}' on entity '${table.schema.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
    }
  }
  const rec = ctx.data.materialize(table, row, names);
  return { status: 200, body: { attributes: { type: table.schema.name, url: recordUrl(ctx, table.schema.name, table.ids[row]!) }, ...rec } };
}

/** `PATCH /sobjects/{Type}/{Id}` → 204. */
export function updateRecordResource(ctx: RestContext, type: string, id: string, body: unknown): RestResponse {
  if (!ctx.data.table(type)) return notFound();
  if (!normalizeRecordId(id)) return externalIdFieldMissing(id);
  const parsed = bodyObject(body);
  if ('error' in parsed) return parsed.error;
  return withDataErrors(() => {
    ctx.data.update(type, id, parsed.fields, ctx.user.id);
    return { status: 204 };
  });
}

/** `DELETE /sobjects/{Type}/{Id}` → 204; the record goes to the recycle bin. */
export function deleteRecordResource(ctx: RestContext, type: string, id: string): RestResponse {
  if (!ctx.data.table(type)) return notFound();
  if (!normalizeRecordId(id)) return externalIdFieldMissing(id);
  return withDataErrors(() => {
    ctx.data.delete(type, id);
    return { status: 204 };
  });
}

/** spec/salesforce.md §3.6, restforce fixture `delete_error_response.json`. */
function externalIdFieldMissing(name: string): RestResponse {
  return restError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${name}`);
}

type ExternalMatch = { table: RecordTable; field: string; rows: number[] } | { error: RestResponse };

function matchExternalId(ctx: RestContext, type: string, fieldName: string, value: string): ExternalMatch {
  const table = ctx.data.table(type);
  if (!table) return { error: notFound() };
  const field = table.schema.fieldByLowerName.get(fieldName.toLowerCase());
  if (!field || !(field.externalId || field.name === 'Id')) return { error: externalIdFieldMissing(fieldName) };
  if (field.name === 'Id') {
    const row = rowOf(table, value);
    return { table, field: 'Id', rows: row === undefined ? [] : [row] };
  }
  return { table, field: field.name, rows: ctx.data.findByExternalId(table, field.name, value) };
}

/** spec/salesforce.md §3.6: several matches → 300 with the matching records' URLs. */
function multipleChoices(ctx: RestContext, table: RecordTable, rows: number[]): RestResponse {
  return { status: 300, body: rows.map((r) => recordUrl(ctx, table.schema.name, table.ids[r]!)) };
}

/** `GET /sobjects/{Type}/{Field}/{Value}`. */
export function readByExternalIdResource(ctx: RestContext, type: string, fieldName: string, value: string, fieldsParam: string | undefined): RestResponse {
  const m = matchExternalId(ctx, type, fieldName, value);
  if ('error' in m) return m.error;
  if (m.rows.length === 0) return notFound();
  if (m.rows.length > 1) return multipleChoices(ctx, m.table, m.rows);
  return projectWithFields(ctx, m.table, m.rows[0]!, fieldsParam);
}

/** `DELETE /sobjects/{Type}/{Field}/{Value}`. */
export function deleteByExternalIdResource(ctx: RestContext, type: string, fieldName: string, value: string): RestResponse {
  const m = matchExternalId(ctx, type, fieldName, value);
  if ('error' in m) return m.error;
  if (m.rows.length === 0) return notFound();
  if (m.rows.length > 1) return multipleChoices(ctx, m.table, m.rows);
  return withDataErrors(() => {
    ctx.data.delete(m.table.schema.name, m.table.ids[m.rows[0]!]!);
    return { status: 204 };
  });
}

/** `PATCH /sobjects/{Type}/{Field}/{Value}[?updateOnly=true]`: upsert (spec/salesforce.md §3.6). */
export function upsertResource(ctx: RestContext, type: string, fieldName: string, value: string, body: unknown, updateOnly: boolean): RestResponse {
  const m = matchExternalId(ctx, type, fieldName, value);
  if ('error' in m) return m.error;
  const parsed = bodyObject(body);
  if ('error' in parsed) return parsed.error;
  return withDataErrors(() => upsertOne(ctx, m.table, m.field, value, m.rows, parsed.fields, updateOnly));
}

/** Shared with sObject Collections upsert; throws SimDataError for field errors. */
export function upsertOne(
  ctx: RestContext, table: RecordTable, field: string, value: string, rows: number[], fields: Record<string, unknown>, updateOnly: boolean,
): RestResponse {
  for (const key of Object.keys(fields)) {
    const k = key.toLowerCase();
    if (k === 'id' || k === field.toLowerCase()) {
      throw new SimDataError('INVALID_FIELD', `The ${table.schema.fieldByLowerName.get(k)?.name ?? key} field should not be specified in the sobject data.`);
    }
  }
  if (rows.length > 1) return multipleChoices(ctx, table, rows);
  if (rows.length === 1) {
    const id = table.ids[rows[0]!]!;
    ctx.data.update(table.schema.name, id, fields, ctx.user.id);
    if (Number(ctx.version) < UPSERT_200_SINCE) return { status: 204 };
    return { status: 200, body: { id, success: true, errors: [], created: false } };
  }
  // Upsert on Id creates only when no Id is given (the v37+ `POST /sobjects/{Type}/Id` form).
  if (updateOnly || (field === 'Id' && value !== '')) return notFound();
  const rec = ctx.data.create(table.schema.name, field === 'Id' ? fields : { ...fields, [field]: value }, ctx.user.id);
  return { status: 201, body: { id: rec.Id, success: true, errors: [], created: true } };
}
