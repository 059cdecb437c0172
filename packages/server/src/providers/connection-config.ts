// Validates the connection configuration a user supplies against the provider's `connection_config`
// fields: type, pattern, prefix, optional, automated (automated fields are set by terapi, never by users).
import { TerapiError } from '../errors/terapi-error.js';
import { isRegisteredErrorCode } from '../errors/error-registry.js';
import type { Provider } from './provider-catalog.js';
import { hostOfPasted } from './pasted-host.js';

export function validateConnectionConfig(provider: Provider, input: Record<string, unknown>): Record<string, string> {
  const fields = provider.connection_config ?? {};
  const out: Record<string, string> = {};
  const issues: { code: string; message: string; path: string[] }[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null || value === '') continue;
    const field = fields[key];
    if (!field) {
      out[key] = typeof value === 'string' ? value : JSON.stringify(value);
      continue; // Nango keeps unknown params too (connection_config is free-form beyond the template)
    }
    if (field.automated) continue;
    if (typeof value !== 'string') {
      issues.push({ code: 'invalid_type', message: `${field.title} must be a string`, path: ['connection_config', key] });
      continue;
    }
    let v = value.trim();
    if (field.prefix && v.startsWith(field.prefix)) v = v.slice(field.prefix.length);
    if (key === 'hostname') v = hostOfPasted(v);
    for (const r of field.reject ?? []) {
      if (new RegExp(r.pattern, 'i').test(v)) {
        // The catalog names a registered code without parameters (providers.yaml `reject:`), e.g. a provider module's.
        const code = (isRegisteredErrorCode(r.code) ? r.code : 'invalid_connection_config') as 'invalid_connection_config';
        const message = new TerapiError(code).message;
        throw new TerapiError(code, undefined, { errors: [{ code, message, path: ['connection_config', key] }] });
      }
    }
    if (field.pattern && !new RegExp(field.pattern).test(v)) {
      issues.push({ code: 'invalid_string', message: `${field.title} "${v}" does not match ${field.pattern}${field.example ? ` (e.g. ${field.example})` : ''}`, path: ['connection_config', key] });
      continue;
    }
    out[key] = v;
  }
  for (const [key, field] of Object.entries(fields)) {
    if (!field.optional && !field.automated && out[key] === undefined) {
      issues.push({ code: 'required', message: `${field.title} (${key}) is required${field.example ? `, e.g. ${field.example}` : ''}`, path: ['connection_config', key] });
    }
  }
  if (issues.length) throw new TerapiError('invalid_connection_config.fields', { issues: issues.map((i) => i.message).join('; ') }, { errors: issues });
  return out;
}
