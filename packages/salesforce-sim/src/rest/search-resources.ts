import type { RestContext } from './rest-context.js';
import { restError, type RestResponse } from './rest-response.js';

// `GET /search?q=FIND {term} [IN ALL FIELDS|NAME FIELDS] RETURNING Type(Field, …), …` (SOSL), and `GET /recent`.
// The simulator's SOSL is a case-insensitive substring match over text fields; `*` is a wildcard it ignores.
const SOSL = /^FIND\s+\{([^}]*)\}(?:\s+IN\s+(ALL|NAME)\s+FIELDS)?(?:\s+RETURNING\s+(.+?))?(?:\s+LIMIT\s+(\d+))?\s*$/is;
const TEXT_TYPES = new Set(['string', 'email', 'phone', 'url', 'textarea', 'picklist']);

const recordOf = (ctx: RestContext, type: string, row: Record<string, unknown>) => ({
  attributes: { type, url: `/services/data/v${ctx.version}/sobjects/${type}/${String(row.Id)}` },
  ...row,
});

export function searchResource(ctx: RestContext, q: string | undefined): RestResponse {
  const m = q ? SOSL.exec(q.trim()) : null;
  if (!m) return restError(400, 'MALFORMED_SEARCH', `No search term found. The search term must be enclosed in braces.`);
  const term = m[1]!.replace(/\*/g, '').trim().toLowerCase();
  if (term.length < 2) return restError(400, 'MALFORMED_SEARCH', 'search term must be longer than one character');
  const nameOnly = m[2]?.toUpperCase() === 'NAME';
  const limit = m[4] ? Number(m[4]) : 2000;
  const targets: { type: string; fields: string[] }[] = [];
  if (m[3]) {
    for (const part of m[3].match(/[A-Za-z0-9_]+(?:\s*\([^)]*\))?/g) ?? []) {
      const pm = /^([A-Za-z0-9_]+)(?:\s*\(([^)]*)\))?$/.exec(part.trim())!;
      targets.push({ type: pm[1]!, fields: pm[2] ? pm[2].split(',').map((f) => f.trim()).filter(Boolean) : ['Id'] });
    }
  } else {
    for (const s of ctx.data.schemas) if (s.name !== 'User' && s.name !== 'Profile') targets.push({ type: s.name, fields: ['Id'] });
  }
  const searchRecords: unknown[] = [];
  for (const t of targets) {
    const table = ctx.data.table(t.type);
    if (!table) return restError(400, 'INVALID_TYPE', `sObject type '${t.type}' is not supported.`);
    const unknown = t.fields.find((f) => !table.schema.fieldByLowerName.has(f.toLowerCase()));
    if (unknown) return restError(400, 'INVALID_FIELD', `No such column '${unknown}' on entity '${table.schema.name}'.`);
    const searched = table.schema.fields.filter((f) => TEXT_TYPES.has(f.type) && (!nameOnly || f.nameField));
    for (let row = 0; row < table.size && searchRecords.length < limit; row++) {
      if (table.isDeleted(row)) continue;
      if (!searched.some((f) => String(table.value(row, f.name) ?? '').toLowerCase().includes(term))) continue;
      searchRecords.push(recordOf(ctx, table.schema.name, ctx.data.materialize(table, row, t.fields)));
    }
  }
  return { status: 200, body: { searchRecords } };
}

/** `GET /recent?limit=N`: the simulator has no view history, so "recent" is the most recently modified records. */
export function recentResource(ctx: RestContext, limitText: string | undefined): RestResponse {
  const limit = Math.min(200, Math.max(1, Number(limitText ?? 25) || 25));
  const found: { type: string; row: number; at: number; table: NonNullable<ReturnType<RestContext['data']['table']>> }[] = [];
  for (const s of ctx.data.schemas) {
    const table = ctx.data.table(s.name)!;
    const nameField = s.fields.find((f) => f.nameField);
    if (!nameField || s.name === 'Profile') continue;
    const stamps = table.column('LastModifiedDate');
    for (let row = 0; row < table.size; row++) if (!table.isDeleted(row)) found.push({ type: s.name, row, at: Number(stamps[row] ?? 0), table });
  }
  found.sort((a, b) => b.at - a.at);
  return {
    status: 200,
    body: found.slice(0, limit).map((f) => {
      const nameField = f.table.schema.fields.find((x) => x.nameField)!.name;
      return recordOf(ctx, f.type, { Id: f.table.ids[f.row], Name: f.table.value(f.row, nameField) ?? null });
    }),
  };
}
