import { normalizeRecordId } from '../data/record-id.js';
import { SimDataError } from '../data/sim-data-error.js';
import type { RestContext } from './rest-context.js';
import { notFound, restError, type RestResponse } from './rest-response.js';
import { upsertOne } from './sobject-record-resources.js';

// spec/salesforce.md §3.9 sObject Collections: 200 records; per-record errors use `statusCode`, not `errorCode`.
const MAX_RECORDS = 200;
const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

type ItemResult = { id?: string; success: boolean; errors: unknown[]; created?: boolean };

function failure(e: unknown, id?: string): ItemResult {
  if (!(e instanceof SimDataError)) throw e;
  return { ...(id ? { id } : {}), success: false, errors: [{ statusCode: e.errorCode, message: e.message, fields: e.fields }] };
}

function tooMany(): RestResponse {
  return restError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`);
}

/** Runs each item, rolling everything back under allOrNone when one fails. */
/** Rolled-back creates report no id: the record never came to exist (spec/salesforce.md §3.9). */
function runAll<T>(ctx: RestContext, items: T[], allOrNone: boolean, op: (item: T) => ItemResult, idsSurviveRollback = true): RestResponse {
  return ctx.data.transaction((rollback) => {
    const results = items.map((item) => {
      try {
        return op(item);
      } catch (e) {
        return failure(e);
      }
    });
    if (allOrNone && results.some((r) => !r.success)) {
      rollback();
      return { status: 200, body: results.map((r) => (r.success ? { ...(r.id && idsSurviveRollback ? { id: r.id } : {}), success: false, errors: [ROLLED_BACK] } : r)) };
    }
    return { status: 200, body: results };
  });
}

function recordsOf(body: unknown): { records: Record<string, unknown>[]; allOrNone: boolean } | RestResponse {
  const input = body as { records?: unknown; allOrNone?: unknown } | null;
  if (!input || !Array.isArray(input.records)) return restError(400, 'JSON_PARSER_ERROR', 'records is required');
  if (input.records.length > MAX_RECORDS) return tooMany();
  // spec/salesforce.md §3.9 (restforce fixture): a record that is not an object fails deserialization, answered
  // as a single error object rather than an array.
  if (input.records.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) {
    return {
      status: 400,
      body: { message: "Json Deserialization failed on token 'null' and has left off in the middle of parsing a row. Will go to end of row to begin parsing the next row", errorCode: 'INVALID_FIELD' },
    };
  }
  return { records: input.records as Record<string, unknown>[], allOrNone: input.allOrNone === true };
}

function typeOf(rec: Record<string, unknown>): string {
  const type = (rec.attributes as { type?: unknown } | undefined)?.type;
  if (typeof type !== 'string') throw new SimDataError('INVALID_TYPE', 'sObject type is required in attributes');
  return type;
}

function withoutAttributes(rec: Record<string, unknown>): Record<string, unknown> {
  const { attributes: _a, ...fields } = rec;
  return fields;
}

/** `POST /composite/sobjects`. */
export function collectionsCreate(ctx: RestContext, body: unknown): RestResponse {
  const input = recordsOf(body);
  if ('status' in input) return input;
  return runAll(ctx, input.records, input.allOrNone, (rec) => {
    const created = ctx.data.create(typeOf(rec), withoutAttributes(rec), ctx.user.id);
    return { id: created.Id as string, success: true, errors: [] };
  }, false);
}

/** `PATCH /composite/sobjects` (records carry `id`). */
export function collectionsUpdate(ctx: RestContext, body: unknown): RestResponse {
  const input = recordsOf(body);
  if ('status' in input) return input;
  return runAll(ctx, input.records, input.allOrNone, (rec) => {
    const { id, Id, ...fields } = withoutAttributes(rec);
    const recordId = String(id ?? Id ?? '');
    try {
      ctx.data.update(typeOf(rec), recordId, fields, ctx.user.id);
    } catch (e) {
      return failure(e, recordId || undefined);
    }
    return { id: normalizeRecordId(recordId) ?? recordId, success: true, errors: [] };
  });
}

/** `PATCH /composite/sobjects/{Type}/{ExternalIdField}`. */
export function collectionsUpsert(ctx: RestContext, type: string, fieldName: string, body: unknown): RestResponse {
  const table = ctx.data.table(type);
  if (!table) return notFound();
  const field = table.schema.fieldByLowerName.get(fieldName.toLowerCase());
  if (!field || !(field.externalId || field.name === 'Id')) {
    return restError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${fieldName}`);
  }
  const input = recordsOf(body);
  if ('status' in input) return input;
  return runAll(ctx, input.records, input.allOrNone, (rec) => {
    const fields = withoutAttributes(rec);
    const key = Object.keys(fields).find((k) => k.toLowerCase() === field.name.toLowerCase());
    const value = key === undefined ? undefined : fields[key];
    if (key === undefined || value === null || value === undefined) {
      throw new SimDataError('MISSING_ARGUMENT', `${field.name} not specified`, [field.name]);
    }
    delete fields[key];
    const rows = field.name === 'Id' ? [] : ctx.data.findByExternalId(table, field.name, String(value));
    if (rows.length > 1) throw new SimDataError('DUPLICATE_EXTERNAL_ID', `${field.name}: more than one record found for external id field: ${rows.map((r) => table.ids[r]).join(', ')}`, [field.name]);
    const res = upsertOne({ ...ctx, version: '60.0' }, table, field.name, String(value), rows, fields, false);
    const b = res.body as { id: string; created: boolean };
    return { id: b.id, success: true, errors: [], created: b.created };
  });
}

/** `DELETE /composite/sobjects?ids=…&allOrNone=`. */
export function collectionsDelete(ctx: RestContext, idsParam: string | undefined, allOrNone: boolean): RestResponse {
  const ids = (idsParam ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (ids.length === 0) return restError(400, 'MISSING_ARGUMENT', 'ids parameter is required');
  if (ids.length > MAX_RECORDS) return tooMany();
  return runAll(ctx, ids, allOrNone, (id) => {
    const table = ctx.data.tableForId(id);
    try {
      if (!table || !normalizeRecordId(id)) throw new SimDataError('MALFORMED_ID', `malformed id ${id}`);
      ctx.data.delete(table.schema.name, id);
    } catch (e) {
      if (e instanceof SimDataError && e.errorCode === 'NOT_FOUND') return failure(new SimDataError('ENTITY_IS_DELETED', 'entity is deleted'), id);
      return failure(e, id);
    }
    return { id: normalizeRecordId(id)!, success: true, errors: [] };
  });
}

/** `GET /composite/sobjects/{Type}?ids=…&fields=…`: records in request order, null where missing. */
export function collectionsRetrieve(ctx: RestContext, type: string, idsParam: string | undefined, fieldsParam: string | undefined): RestResponse {
  const table = ctx.data.table(type);
  if (!table) return notFound();
  const ids = (idsParam ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (ids.length === 0) return restError(400, 'MISSING_ARGUMENT', 'ids parameter is required');
  if (ids.length > 2000) return restError(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 2000 records into this call');
  const names = fieldsParam ? fieldsParam.split(',').map((f) => f.trim()).filter((f) => f !== '') : undefined;
  for (const n of names ?? []) {
    if (!table.schema.fieldByLowerName.has(n.toLowerCase())) {
      return restError(400, 'INVALID_FIELD', `No such column '${n}' on entity '${table.schema.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
    }
  }
  return {
    status: 200,
    body: ids.map((id) => {
      const full = normalizeRecordId(id);
      const row = full ? table.rowById.get(full) : undefined;
      if (row === undefined || table.isDeleted(row)) return null;
      const rec = ctx.data.materialize(table, row, names ? ['Id', ...names.filter((n) => n.toLowerCase() !== 'id')] : undefined);
      return { attributes: { type: table.schema.name, url: `/services/data/v${ctx.version}/sobjects/${table.schema.name}/${table.ids[row]}` }, ...rec };
    }),
  };
}
