// Calls for the actions: a Salesforce error (spec/salesforce.md §3.11: a JSON array of {message, errorCode,
// fields?}) becomes an ActionError whose payload keeps `errorCode` and `fields`, so an app can tell
// DUPLICATE_VALUE from REQUIRED_FIELD_MISSING. Anything else is rethrown as it came.
import { ActionError, type ActionHelper, type ProxyConfiguration } from '../../../functions/sdk/index.js';
import { API_VERSION } from './soql-pages.js';

export interface SalesforceErrorPayload {
  message: string;
  errorCode: string;
  fields: string[];
  status: number;
  /** Every error Salesforce listed (usually one). */
  errors: { message: string; errorCode: string; fields: string[] }[];
}

/** `/services/data/vXX.X` + path. */
export const dataPath = (path: string): string => `/services/data/${API_VERSION}${path.startsWith('/') ? path : `/${path}`}`;

/** Object and field API names go into URLs: letters, digits and underscores only. */
export function apiName(kind: string, value: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(value)) throw new ActionError({ message: `Invalid ${kind} "${value}": use the API name (letters, digits, underscores).`, errorCode: 'INVALID_INPUT', fields: [], status: 400, errors: [] });
  return value;
}

export function salesforceError(err: unknown): ActionError<SalesforceErrorPayload> | undefined {
  const res = (err as { response?: { status?: number; data?: unknown } }).response;
  if (!res || typeof res.status !== 'number') return undefined;
  // §3.6: an upsert whose external id matches several records answers 300 with their URLs.
  if (res.status === 300) {
    return new ActionError<SalesforceErrorPayload>({ message: 'The external id matches several records.', errorCode: 'MULTIPLE_CHOICES', fields: [], status: 300, errors: [], matches: res.data } as SalesforceErrorPayload);
  }
  const list = Array.isArray(res.data) ? res.data : res.data && typeof res.data === 'object' ? [res.data] : [];
  const errors = list
    .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object')
    .map((e) => ({ message: String(e.message ?? ''), errorCode: String(e.errorCode ?? e.statusCode ?? 'UNKNOWN_ERROR'), fields: Array.isArray(e.fields) ? e.fields.map(String) : [] }));
  const first = errors[0] ?? { message: `Salesforce answered ${res.status}`, errorCode: 'UNKNOWN_ERROR', fields: [] };
  return new ActionError<SalesforceErrorPayload>({ ...first, status: res.status, errors });
}

/** One request; a Salesforce error becomes an ActionError. */
export async function call<T>(nango: ActionHelper<any>, config: ProxyConfiguration): Promise<{ status: number; data: T; headers: Record<string, string> }> {
  try {
    // Writes are not retried: a create that timed out may have happened (use upsert by external id to retry safely).
    return await nango.proxy<T>({ ...(config.method && config.method.toUpperCase() !== 'GET' ? { retries: 0 } : {}), ...config });
  } catch (err) {
    throw salesforceError(err) ?? err;
  }
}
