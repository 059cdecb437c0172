// Catalog templates: `${connectionConfig.hostname || login.salesforce.com}`. A reference is
// `<namespace>.<path>`; `a || b` takes the first non-empty alternative; an alternative that is not a
// reference to a known namespace is a literal.
import { TerapiError } from '../errors/terapi-error.js';

export type TemplateScope = Record<string, Record<string, unknown> | undefined>;

export class TemplateError extends Error {
  constructor(readonly template: string, readonly missing: string) {
    super(`"${template}" needs ${missing}, which is not set`);
    this.name = 'TemplateError';
  }
}

const PLACEHOLDER = /\$\{([^}]+)\}/g;

function lookup(scope: TemplateScope, ref: string): { known: boolean; value: unknown } {
  const [ns, ...path] = ref.split('.');
  if (ns === undefined || !(ns in scope) || path.length === 0) return { known: false, value: undefined };
  let v: unknown = scope[ns];
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return { known: true, value: v };
}

export function interpolate(template: string, scope: TemplateScope): string {
  return template.replace(PLACEHOLDER, (_, expr: string) => {
    const alternatives = expr.split('||').map((a) => a.trim());
    for (const alt of alternatives) {
      const quoted = /^(['"])(.*)\1$/.exec(alt);
      if (quoted) return quoted[2] ?? '';
      const { known, value } = lookup(scope, alt);
      if (!known) return alt;
      if (value !== undefined && value !== null && value !== '') return String(value);
    }
    throw new TemplateError(template, alternatives.join(' or '));
  });
}

/** The references a template uses, e.g. ['connectionConfig.hostname']. */
export function templateReferences(template: string): string[] {
  const refs: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    for (const alt of (m[1] ?? '').split('||')) if (/^[a-zA-Z]+\.[\w.]+$/.test(alt.trim())) refs.push(alt.trim());
  }
  return refs;
}

/**
 * A template that names a URL (authorization, token, exchange, proxy base): connection data can make it
 * unparseable (`params[hostname]=http://[`), which is the caller's mistake, so it is answered as a 400
 * naming the fields, never handed to a URL parser that throws a TypeError (a 500).
 */
export function interpolateUrl(template: string, scope: TemplateScope): string {
  const url = interpolate(template, scope);
  if (URL.canParse(url) && /^https?:$/.test(new URL(url).protocol)) return url;
  const refs = templateReferences(template);
  throw new TerapiError('invalid_connection_config.url', { template, fields: refs.length ? refs.join(', ') : 'the connection configuration' }, {
    errors: refs.map((r) => ({ code: 'invalid_string', message: `${r} does not make a valid URL of ${template}`, path: r.split('.') })),
  });
}
