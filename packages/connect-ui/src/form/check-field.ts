// A field's value as the user types: the catalog's reject rules first (each names the error code whose
// message explains the fix), then its pattern; required only when submitting.
import type { CatalogField } from '../api/api-types';

export type FieldProblem = { kind: 'required' } | { kind: 'pattern' } | { kind: 'rejected'; code: string };

function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return true;
  }
}

/** `values` are the form's other fields: a `required_unless` field is optional once that other one is given. */
export function checkField(def: CatalogField, raw: string, submitting: boolean, values: Record<string, string> = {}): FieldProblem | null {
  const value = raw.trim();
  const excused = def.required_unless !== undefined && (values[def.required_unless] ?? '').trim() !== '';
  if (!value) return submitting && !def.optional && !excused ? { kind: 'required' } : null;
  for (const rule of def.reject ?? []) if (matches(rule.pattern, value)) return { kind: 'rejected', code: rule.code };
  if (def.pattern && !matches(def.pattern, value)) return { kind: 'pattern' };
  return null;
}

/** The catalog's `suggest` rule a value matches: another provider fits this value better (a sandbox host). */
export function suggestedProvider(def: CatalogField, raw: string): string | null {
  const value = raw.trim();
  if (!value) return null;
  return def.suggest?.find((rule) => matches(rule.pattern, value))?.provider ?? null;
}
